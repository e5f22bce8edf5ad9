package io.ceip.agent.demo.collector;

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.http.common.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded collector route's steps: read the request's body within {@link CollectorLimits} ({@link RequestBody},
 * straight from the servlet request), store the report ({@link CollectorStore}) and say where it landed; answer a
 * refused request with its status and fixed text ({@link Refusal}), and any other failure with 500 and a fixed
 * text. Log lines carry the report ID (a UUID), the status, the fixed text and counts: never the body, never an
 * exception's message.
 * <p>
 * The first step is a {@link Processor}, not a bean method: a bean step reads the message body first, which makes
 * camel-http parse the request body (and, labelled gzip, start inflating it) before it is counted. It sets the
 * message body to an empty text before reading anything, so that nothing after it reads the request through Camel.
 */
public final class CollectorSteps implements Processor {

    /** The answer to a request that failed for a reason of the collector's own. */
    public static final String INTERNAL_ERROR = "internal error";

    private static final Logger LOG = LoggerFactory.getLogger(CollectorSteps.class);

    private final CollectorStore store;
    private final CollectorLimits limits;

    public CollectorSteps(CollectorStore store, CollectorLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Reads, checks and stores the report of a {@code POST}; the answer's body is empty. */
    @Override
    public void process(Exchange exchange) throws InvalidReportException, IOException {
        Message in = exchange.getIn();
        if (!(in instanceof HttpMessage http)) {
            throw new IllegalStateException("not an HTTP request");
        }
        HttpServletRequest request = http.getRequest();
        in.setBody("");
        byte[] json = RequestBody.read(request.getContentType(), request.getHeader("Content-Encoding"),
                request.getContentLengthLong(), request.getInputStream(), limits);
        CollectorStore.Receipt receipt = store.accept(json);
        if (receipt.duplicate()) {
            LOG.info("Embedded collector: report {} received again, already stored at {}", receipt.reportId(),
                    receipt.file());
        } else {
            LOG.info("Embedded collector: report {} received and stored at {}", receipt.reportId(), receipt.file());
        }
    }

    /** Answers a refused request: its status, and its fixed text as plain text. */
    public void refused(Exchange exchange) {
        InvalidReportException refused = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidReportException.class);
        Refusal refusal = refused.refusal();
        LOG.warn("Embedded collector: request refused with HTTP {} ({}){}", refusal.status(), refusal.text(),
                refused.bytesRead() < 0 ? "" : " after reading " + refused.bytesRead() + " byte(s) of its body");
        answer(exchange, refusal.status(), refusal.text());
    }

    /** Answers a request that failed for another reason: 500 and a fixed text. */
    public void failed(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.error("Embedded collector: request failed ({}); answered HTTP 500",
                failure == null ? "unknown" : failure.getClass().getSimpleName());
        answer(exchange, 500, INTERNAL_ERROR);
    }

    private static void answer(Exchange exchange, int status, String text) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=utf-8");
        message.setBody(text);
    }
}
