package io.ceip.agent.events;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request at a time per connection of the events' HTTP intake: its Vert.x server queues every
 * request a client writes before its previous one was answered, without a limit and before any token is checked, so
 * that any local process could fill the agent's heap. A request that arrives while one is unanswered, or in the same
 * read as the end of the one before, is dropped unread with everything after it, reading stops, and the connection is closed once the request in progress was
 * answered; one INFO line. Likewise a request written behind an answer that says {@code Connection: close} (a
 * refusal before the body, {@link IntakeBeforeTheBody}): dropped unread, the connection closed. Products POST
 * one request at a time (as HTTP clients do).
 * <p>
 * A Netty handler in front of Vert.x's own ({@code handler}, vertx-core 4.5) in the connection's pipeline, put there
 * by the first handler of the server's router ({@link #firstOnEachRequest}) on the connection's first request; called
 * on the connection's event loop only. The collector's intake has the same guard (the two projects share no code).
 */
final class IntakeOneRequestAtATime extends ChannelDuplexHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeOneRequestAtATime.class);
    private static final String NAME = "ceip-one-request-at-a-time";
    private static final String VERTX_HANDLER = "handler";

    /** Put in on the connection's first request, which is then the one in progress. */
    private boolean unanswered = true;
    private boolean refusing;
    /**
     * A request ended in the read in progress: one after it in the same read was written before any answer left (the
     * route may answer within the read; Vert.x flushes at its end), so it is pipelined even if the first was answered.
     */
    private boolean endedInThisRead;
    /** An answer said {@code Connection: close} (a refusal before the body): no further request is served. */
    private boolean closeAnnounced;

    /** The router's first handler: puts the guard on a connection that has none yet, then goes on. */
    static void firstOnEachRequest(RoutingContext context) {
        if (context.request().connection() instanceof ConnectionBase connection) {
            ChannelPipeline pipeline = connection.channelHandlerContext().pipeline();
            if (pipeline.get(NAME) == null && pipeline.get(VERTX_HANDLER) != null) {
                pipeline.addBefore(VERTX_HANDLER, NAME, new IntakeOneRequestAtATime());
            }
        }
        context.next();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!refusing && message instanceof HttpRequest && closeAnnounced) {
            refusing = true;
            context.channel().config().setAutoRead(false);
            if (!unanswered) {
                // the answer may still wait for the read's end to be flushed: flushed first, then closed
                context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        } else if (!refusing && message instanceof HttpRequest) {
            if (unanswered || endedInThisRead) {
                refusing = true;
                context.channel().config().setAutoRead(false);
                LOG.info("Events: HTTP intake: closing a connection that sent a request before its previous one was"
                        + " answered (pipelining: one request at a time)");
                if (!unanswered) {
                    // answered within this read: the answer leaves at the read's end (Vert.x flushes then), then closed
                    context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                }
            } else {
                unanswered = true;
            }
        }
        if (refusing) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof LastHttpContent) {
            endedInThisRead = true;
        }
        context.fireChannelRead(message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext context) {
        endedInThisRead = false;
        context.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext context, Object message, ChannelPromise promise) {
        if (message instanceof HttpResponse response && response.status().codeClass() != HttpStatusClass.INFORMATIONAL
                && response.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
            closeAnnounced = true;
        }
        boolean answered = message instanceof LastHttpContent && !(message instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
        if (answered && unanswered) {
            unanswered = false;
            if (refusing) {
                ChannelPromise written = promise.unvoid();
                written.addListener(ChannelFutureListener.CLOSE);
                context.write(message, written);
                return;
            }
        }
        context.write(message, promise);
    }
}
