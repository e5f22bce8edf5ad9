package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;

import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * A refusal answered before (or instead of) reading a request's body, after which the connection is closed: the
 * answer says {@code Connection: close}; the body the client sends anyway is read and dropped, never kept, and the
 * connection closed once it has arrived and the answer is out (a connection closed with unread bytes is reset, and the
 * client may lose the answer); when more than {@code maxBodyBytes} arrive; and {@value #CONTINUE_GRACE_MILLIS} ms
 * after the answer when the client waits for a {@code 100 Continue} and has sent none of its body by then (it should
 * send none: closed at once, a client sending it anyway, as some do after their own wait, would be reset). The wait
 * for a body is bounded by {@link ConnectionDeadlines} (the next request's time);
 * a request written behind the answer is dropped by {@link OneRequestAtATime}. Used by {@link RefusedOnHeaders} and,
 * for a body over the limit, {@link ServerFailures}.
 */
final class ClosingAnswer {

    /** How long a client that waits for a {@code 100 Continue} has, after the answer, to begin a body sent anyway. */
    static final long CONTINUE_GRACE_MILLIS = 1000;

    private ClosingAnswer() {
    }

    /**
     * Answers {@code refusal} (its status, fixed text and {@code Retry-After}, if any) and closes the connection as
     * above.
     */
    static void send(RoutingContext context, Refusal refusal, long maxBodyBytes) {
        HttpServerRequest request = context.request();
        HttpConnection connection = request.connection();
        boolean waitsForContinue = waitsForContinue(request);
        boolean[] answered = {false};
        long[] dropped = {0};
        if (!request.isEnded()) {
            request.handler(chunk -> {
                dropped[0] += chunk.length();
                if (dropped[0] > maxBodyBytes) {
                    connection.close();
                }
            });
            request.endHandler(ended -> {
                if (answered[0]) {
                    connection.close();
                }
            });
            request.resume();
        }
        if (refusal.retryAfter() > 0) {
            context.response().putHeader("Retry-After", Integer.toString(refusal.retryAfter()));
        }
        context.response().setStatusCode(refusal.status()).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Connection", "close").end(refusal.text()).onComplete(sent -> {
                    answered[0] = true;
                    if (request.isEnded()) {
                        connection.close();
                    } else if (waitsForContinue) {
                        context.vertx().setTimer(CONTINUE_GRACE_MILLIS, late -> {
                            if (dropped[0] == 0) {
                                connection.close();
                            }
                        });
                    }
                });
    }

    /** Whether the client waits for a {@code 100 Continue} before its body: any {@code Expect} value saying so. */
    static boolean waitsForContinue(HttpServerRequest request) {
        for (String expect : request.headers().getAll("Expect")) {
            for (String expectation : expect.split(",")) {
                if (expectation.trim().equalsIgnoreCase("100-continue")) {
                    return true;
                }
            }
        }
        return false;
    }
}
