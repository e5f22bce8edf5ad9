package io.ceip.agent.events;


import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * What the events' HTTP intake refuses before Camel's body handler reads a body into the heap (up to {@code
 * ceip.events.http.max-body-bytes} each, before the route sees the token): a request without the token, or of another
 * type ({@link EventIntake#refusedOnHeaders}: 401, 415), one sending {@code Authorization}, {@code Content-Type} or
 * {@code Content-Encoding} twice ({@link EventIntake#repeatedHeader}: 400), and one past {@value #MAX_IN_PROGRESS}
 * requests at once ({@link EventIntake#busy}: 503, {@code Retry-After: 1}); a body still arriving {@code
 * ceip.events.http.body-timeout-seconds} after its headers is refused ({@link EventIntake#tooSlow}: 408), so that four
 * trickling requests do not hold the intake. So a local process without the token cannot make the agent hold a body,
 * however many connections it opens, and the bodies held at once are bounded (a product posts one request at a time).
 * No {@code 100 Continue} is sent for a refused request. The connection is closed after such an answer, once the body
 * the client sends anyway has arrived (read and dropped, never kept; cut off past the body limit), or {@value
 * #CONTINUE_GRACE_MILLIS} ms after the answer when the client waited for a {@code 100 Continue} and has sent no body:
 * closed with unread bytes, it would be reset, and the client might lose the answer. Installed by {@link
 * IntakeServer} on {@code POST /ceip/events}, before the route's own handlers.
 */
final class IntakeBeforeTheBody implements Handler<RoutingContext> {

    /**
     * How long a client that waited for a {@code 100 Continue} has, after the refusal, to begin the body it sends
     * anyway (as some do after their own wait) before the connection is closed: closed at once, such a client was
     * reset.
     */
    static final long CONTINUE_GRACE_MILLIS = 1000;

    /** Headers read here as their first value and by the route as another when sent twice: refused (400). */
    private static final List<String> SENT_ONCE = List.of("Authorization", "Content-Type", "Content-Encoding");

    /** Requests the intake reads at once; a product posts one at a time. */
    static final int MAX_IN_PROGRESS = 4;

    private final EventIntake intake;
    private final long maxBodyBytes;
    private final int bodySeconds;
    private final AtomicInteger inProgress = new AtomicInteger();

    /** @param bodySeconds how long a body may take to arrive ({@code ceip.events.http.body-timeout-seconds}) */
    IntakeBeforeTheBody(EventIntake intake, long maxBodyBytes, int bodySeconds) {
        this.intake = intake;
        this.maxBodyBytes = maxBodyBytes;
        this.bodySeconds = bodySeconds;
    }

    @Override
    public void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        Optional<EventIntake.Answer> refused = SENT_ONCE.stream().anyMatch(name -> request.headers().getAll(name)
                .size() > 1) ? Optional.of(intake.repeatedHeader()) : intake.refusedOnHeaders(
                        request.getHeader("Authorization"), request.getHeader("Content-Type"),
                        request.getHeader("Content-Encoding"));
        if (refused.isEmpty()) {
            if (inProgress.incrementAndGet() <= MAX_IN_PROGRESS) {
                long deadline = context.vertx().setTimer(TimeUnit.SECONDS.toMillis(bodySeconds),
                        late -> tooSlow(context));
                context.addEndHandler(ended -> {
                    inProgress.decrementAndGet();
                    context.vertx().cancelTimer(deadline);
                });
                context.next();
                return;
            }
            inProgress.decrementAndGet();
            refused = Optional.of(intake.busy(MAX_IN_PROGRESS));
            context.response().putHeader("Retry-After", "1");
        }
        closingAnswer(context, refused.get(), maxBodyBytes);
    }

    /** A body still arriving {@code bodySeconds} after its headers: 408, and the connection closed. */
    private void tooSlow(RoutingContext context) {
        if (context.request().isEnded() || context.response().ended() || context.response().closed()) {
            return; // read whole: the route answers
        }
        HttpConnection connection = context.request().connection();
        EventIntake.Answer answer = intake.tooSlow(bodySeconds);
        context.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close").end(answer.body()).onComplete(sent -> connection.close());
    }

    /**
     * Answers {@code answer} and closes the connection after it, as above: the body the client sends
     * anyway read and dropped (cut off past {@code maxBodyBytes}); also the answer to a body over the limit
     * ({@link IntakeServerFailures}).
     */
    static void closingAnswer(RoutingContext context, EventIntake.Answer answer, long maxBodyBytes) {
        HttpServerRequest request = context.request();
        HttpConnection connection = request.connection();
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
        if (answer.status() == 401) {
            context.response().putHeader("WWW-Authenticate", "Bearer");
        }
        context.response().putHeader("Connection", "close");
        boolean waitsForContinue = request.headers().getAll("Expect").stream()
                .flatMap(expect -> Arrays.stream(expect.split(",")))
                .anyMatch(expectation -> expectation.strip().equalsIgnoreCase("100-continue"));
        context.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                .end(answer.body()).onComplete(sent -> {
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
}
