package io.ceip.agent.delivery;

import java.io.IOException;

/**
 * The whole-request deadline ({@code ceip.endpoint.request-timeout}) passed and {@link DeliveryDeadline} closed the
 * request's connection: the I/O failure that followed (a closed socket, a cut handshake) is this one, so that the
 * line names the setting instead of {@code SocketException}. Retried like any I/O failure.
 */
public final class RequestDeadlineException extends IOException {

    private static final long serialVersionUID = 1L;

    RequestDeadlineException(IOException cause) {
        super("no whole answer within ceip.endpoint.request-timeout", cause);
    }
}
