package io.ceip.collector.intake;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a request gives back its places of {@link RequestsInProgress} and {@link RequestsInProgressPerAddress}: when its
 * answer ended, or, when its client hung up before the answer while a route works on it (its body was read, Camel
 * took it), once that work ended too ({@link WorkEnded}). The places bound the reports the node works on at once
 * (their bodies, inflated reports and trees, a worker thread, a database connection), not the open connections: given
 * back when the connection closed, a client that sent whole bodies and hung up at once had the node work on any
 * number of them at {@code collector.intake.max-requests-in-progress} 2 (review s24). A request answered before any
 * route (a refusal, busy) gives its places back when its answer ended or its connection closed, as before.
 */
final class PlacesHeld {

    private static final String KEY = "ceip.places";
    /** The longest a hung-up request's places wait for its work's end to be told (the work's own bounds are shorter). */
    static final long LONGEST_WAIT_MILLIS = 300_000;

    /** The requests a route works on, by their Vert.x request (what Camel's message carries). */
    private final Map<HttpServerRequest, Held> working = new ConcurrentHashMap<>();

    /** {@code release} runs once, when the request's places are given back (see the class). */
    void hold(RoutingContext context, Runnable release) {
        Held held = context.get(KEY);
        if (held == null) {
            Held made = new Held(context.request());
            context.put(KEY, made);
            context.addEndHandler(ended -> answered(context, made));
            held = made;
        }
        held.add(release);
    }

    /** The request's body was read and goes on to its route (platform-http's body handler). */
    void routed(RoutingContext context) {
        Held held = context.get(KEY);
        if (held != null) {
            working.put(context.request(), held);
            held.routed();
        }
    }

    /** The route's work on {@code request} ended (its exchange completed or failed). */
    void workEnded(HttpServerRequest request) {
        Held held = working.remove(request);
        if (held != null) {
            held.workEnded();
        }
    }

    /**
     * The answer ended or the connection closed. The work is awaited only when the whole body arrived (so platform-http
     * handed the request to its route): a body cut off mid-way never reaches a route; and at most
     * {@value #LONGEST_WAIT_MILLIS} ms, so that a place is never lost should the work's end not be told.
     */
    private void answered(RoutingContext context, Held held) {
        boolean answerSent = context.response().ended();
        if (answerSent || !context.request().isEnded()) { // the answer went out last, or no route took the request
            working.remove(held.request);
            held.answered(true);
            return;
        }
        held.answered(false);
        if (held.awaitingWork()) {
            context.vertx().setTimer(LONGEST_WAIT_MILLIS, late -> workEnded(held.request));
        }
    }

    /** One request's releases and where it stands. */
    private static final class Held {

        private final HttpServerRequest request;
        private final List<Runnable> releases = new ArrayList<>(2);
        private boolean routed;
        private boolean answered;
        private boolean workEnded;
        private boolean released;

        Held(HttpServerRequest request) {
            this.request = request;
        }

        synchronized void add(Runnable release) {
            releases.add(release);
        }

        synchronized void routed() {
            routed = true;
        }

        /** @param workDone the answer went out (written after the work), or no route took the request */
        void answered(boolean workDone) {
            synchronized (this) {
                answered = true;
                workEnded |= workDone;
            }
            releaseWhenDone();
        }

        void workEnded() {
            synchronized (this) {
                workEnded = true;
            }
            releaseWhenDone();
        }

        synchronized boolean awaitingWork() {
            return answered && routed && !workEnded;
        }

        private void releaseWhenDone() {
            List<Runnable> now;
            synchronized (this) {
                if (released || !answered || (routed && !workEnded)) {
                    return;
                }
                released = true;
                now = List.copyOf(releases);
            }
            now.forEach(Runnable::run);
        }
    }
}
