package io.ceip.agent.outbox;

/** A report a replay took for delivery ({@link DeliveryQueue#claim}): its gzip body and the attempts made before. */
public record Claimed(String reportId, byte[] body, int attempts) {
}
