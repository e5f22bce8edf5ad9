package io.ceip.agent.outbox;

/** A report taken for delivery by a replay ({@link DeliveryQueue#claim}): its gzip body and the attempts made before. */
public record Claimed(String reportId, byte[] body, int attempts) {
}
