package io.ceip.agent.report;

/**
 * One part of the collection that failed: which (for example {@code query:hosts} or {@code database}) and the
 * error class only. Never the SQL text, the connection URL or the exception message.
 */
public record CollectionFailure(String source, String error) {
}
