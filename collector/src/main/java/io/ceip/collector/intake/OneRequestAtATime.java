package io.ceip.collector.intake;

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
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request at a time per connection: HTTP/1.1 pipelining refused. Vert.x queues every request a client writes
 * before its previous one was answered, without a limit: a client writing requests without reading its answers
 * grows the heap until the node runs out of memory. Here a request that arrives while one is unanswered, or in the
 * same read as the end of the one before (written before any answer could leave: Vert.x flushes at the read's end,
 * and Camel may answer within the read), is not passed on: it and everything after it on the connection are dropped
 * unread, reading stops, and the connection is closed once the request in progress was answered (RFC 9112 §9.3.2:
 * the client sends what was not answered again, on a new connection). One INFO line a second says how many such
 * connections were closed. The agent, like common HTTP clients, never pipelines.
 * <p>
 * Likewise after an answer that says {@code Connection: close} (a refusal on the headers, a URL with parameters, a
 * busy node, a body too slow): a request written behind it, even in the same packet, is dropped unread and the
 * connection closed (Vert.x would serve it once the answer was out, before the answer's own close), at DEBUG only.
 * <p>
 * A Netty handler in front of Vert.x's own (the {@code handler} of the connection's pipeline), one per connection,
 * called on its event loop only.
 */
final class OneRequestAtATime extends ChannelDuplexHandler {

    /** The name of Vert.x's HTTP connection handler in the pipeline (vertx-core 4.5 HttpServerWorker). */
    static final String VERTX_HANDLER = "handler";

    private static final Logger LOG = LoggerFactory.getLogger("ceip.intake");

    private final OncePerSecond pipelined;
    private boolean unanswered;
    /**
     * A request ended in the read in progress: a request after it in the same read was written before any answer left
     * the node (Vert.x flushes at the read's end), so it is pipelined even when the first was answered meanwhile.
     */
    private boolean endedInThisRead;
    private boolean refusing;
    /** An answer said {@code Connection: close}: no further request is served on this connection. */
    private boolean closeAnnounced;

    /** The line a second of the connections closed for pipelining: one for the server, given to each connection's. */
    static OncePerSecond closures() {
        return new OncePerSecond((count, client) -> LOG.info("closed {} connection(s) that sent a request before"
                + " their previous one was answered (pipelining: one request at a time; the last from client {})",
                count, client));
    }

    private OneRequestAtATime(OncePerSecond pipelined) {
        this.pipelined = pipelined;
    }

    /**
     * Puts a new one in front of Vert.x's handler of {@code connection} (Vert.x's own HTTP/1.x connections);
     * {@code pipelined} counts the connections closed for pipelining (one line a second).
     */
    static void install(HttpConnection connection, OncePerSecond pipelined) {
        ChannelPipeline pipeline = ((ConnectionBase) connection).channelHandlerContext().pipeline();
        if (pipeline.get(VERTX_HANDLER) == null) {
            throw new IllegalStateException("no '" + VERTX_HANDLER + "' in the connection's pipeline "
                    + pipeline.names() + ": is vertx-core still 4.5?");
        }
        pipeline.addBefore(VERTX_HANDLER, "ceip-one-request-at-a-time", new OneRequestAtATime(pipelined));
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (!refusing && message instanceof HttpRequest && closeAnnounced) {
            refusing = true;
            context.channel().config().setAutoRead(false);
            LOG.debug("closing a connection that sent a request after an answer with Connection: close (client {})",
                    context.channel().remoteAddress());
            if (!unanswered) {
                // the answer may still wait for the read's end to be flushed: flushed first, then closed
                context.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        } else if (!refusing && message instanceof HttpRequest) {
            if (unanswered || endedInThisRead) {
                refusing = true;
                context.channel().config().setAutoRead(false);
                pipelined.count(String.valueOf(context.channel().remoteAddress()));
                if (!unanswered) {
                    // answered within this read (Camel's worker can finish before the event loop looks): the answer
                    // leaves when the read ends (Vert.x flushes then), and the connection is closed after it
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
