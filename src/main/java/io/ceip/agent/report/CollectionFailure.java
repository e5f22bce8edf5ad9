package io.ceip.agent.report;

/**
 * One part of the collection that failed: which ({@code source}, for example {@code query:hosts} or
 * {@code database}), the error class ({@code error}) and the engine-independent {@link FailureReason}
 * ({@code reason}). Never the SQL text, the connection URL or the exception message.
 */
public record CollectionFailure(String source, String error, String reason) {
}
