package io.ceip.collector.intake;

import io.ceip.collector.answer.Refusal;
import io.ceip.collector.answer.RefusedException;
import io.ceip.collector.store.ReportStore;
import io.ceip.collector.validate.Report;
import io.ceip.collector.validate.ReportValidator;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake route's step: the bearer token (401; the client's rate, 429, is counted once, on the request's headers,
 * before its body is read: {@link RefusedOnHeaders}, which refuses a missing token there too), the body within its
 * limits ({@link RequestBody}: 415, 413, 400), the report against its schema ({@link ReportValidator}: 400), the
 * token's product against the report's {@code product.name} (401), the node's budget of report bytes in progress
 * ({@link DecompressedBytesInProgress}: 503 busy, before inflating past it), and whether the report ID is already
 * stored (a duplicate: 200, not handed on, logged at INFO by ID). Throws {@link RefusedException} with a fixed text for
 * every refusal. Its other steps shape the exchange for the route, each a plain method call: {@link #duplicate} (the
 * choice), {@link #handOff} (the Kafka record) and {@link #answer} (the answer's body). They replace simple
 * expressions with method calls ({@code ${body.duplicate()}} and the like), which Camel builds and introspects
 * again for every exchange: see the route.
 */
public final class Intake {

    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

    /**
     * The exchange property holding the report {@link #accept} read: the single node's store takes it rather than
     * reading the bytes again (a Kafka record carries no property: the store reads the record).
     */
    public static final String REPORT = "ceipReport";

    private final ProductTokens tokens;
    private final ReportValidator validator;
    private final ReportStore store;
    private final long maxCompressedBytes;
    private final long maxDecompressedBytes;
    private final DecompressedBytesInProgress inProgress;

    public Intake(ProductTokens tokens, ReportValidator validator, ReportStore store,
            long maxCompressedBytes, long maxDecompressedBytes, DecompressedBytesInProgress inProgress) {
        this.tokens = tokens;
        this.validator = validator;
        this.store = store;
        this.maxCompressedBytes = maxCompressedBytes;
        this.maxDecompressedBytes = maxDecompressedBytes;
        this.inProgress = inProgress;
    }

    /**
     * Checks one request.
     *
     * @param exchange the request's exchange: the bytes it takes of the node's budget of reports in progress
     *        ({@link DecompressedBytesInProgress}) are given back when it ends (its report checked, handed off and
     *        answered)
     * @throws SQLException when the store cannot be asked about duplicates (answered 503)
     */
    public Accepted accept(@Header("Authorization") String authorization, @Header("Content-Type") String contentType,
            @Header("Content-Encoding") String contentEncoding, @Body byte[] body, Exchange exchange)
            throws RefusedException, SQLException {
        Optional<String> product = tokens.product(authorization);
        if (product.isEmpty()) {
            throw new RefusedException(Refusal.UNAUTHORIZED);
        }
        DecompressedBytesInProgress.Reservation reservation = inProgress.reserve();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                reservation.close();
            }
        });
        byte[] json = RequestBody.read(contentType, contentEncoding, body, maxCompressedBytes, maxDecompressedBytes,
                reservation);
        Report report = validator.validate(json);
        if (!product.get().equals(report.productName())) { // exactly: the fleet view counts products by name
            throw RefusedException.wrongProduct(product.get());
        }
        exchange.setProperty(REPORT, report);
        boolean duplicate = store.contains(report.reportId());
        if (duplicate) {
            LOG.info("Duplicate report {} of product '{}' from installation {}: already stored, answered 200",
                    report.reportId(), ReportStore.printable(report.productName()), report.installationId());
        }
        return new Accepted(report.reportId(), report.installationId(), json, duplicate);
    }

    /** Whether the accepted report is a duplicate (the route's choice). */
    public boolean duplicate(@Body Accepted accepted) {
        return accepted.duplicate();
    }

    /**
     * The hand-off of a new report: its key, the installation ID, in header {@code kafka.KEY} (the route has removed
     * the request's headers before); returns the report's JSON, the record's value.
     */
    public byte[] handOff(@Body Accepted accepted, @Headers Map<String, Object> headers) {
        headers.put("kafka.KEY", accepted.installationId());
        return accepted.json();
    }

    /**
     * After the hand-off: the in-process one (single node) answers what the store did. A report its database refused
     * ({@code REJECTED}: a value it cannot keep, SQL state class 22) was not stored, so it is refused (400), never
     * answered 202; a failure of the store that is no fault of the report's (the database down or failing in its own
     * code, a runtime failure of the store) comes back as the exception, thrown again here so that the intake route
     * answers it 503 with {@code Retry-After} (the agent keeps the report and sends it again). The Kafka hand-off's
     * answer is the broker's acknowledgement, which this lets through.
     */
    public void handedOff(@Body Object outcome) throws Exception {
        if ("REJECTED".equals(outcome)) {
            throw new RefusedException(Refusal.STORE_REFUSED);
        }
        if (outcome instanceof Exception failure) {
            throw failure;
        }
    }

    /** The answer's body, {@link Accepted#answer()}. */
    public String answer(@Body Accepted accepted) {
        return accepted.answer();
    }
}
