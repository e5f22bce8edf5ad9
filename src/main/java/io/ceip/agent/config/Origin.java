package io.ceip.agent.config;

/** Where a value was set ({@code file:line}, {@code environment variable X}, ...) and its text as written there. */
record Origin(String where, String written) {
}
