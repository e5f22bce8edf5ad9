package io.ceip.agent.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.files.OwnerOnlyFiles;
import io.ceip.agent.outbox.DeliveryLedger;
import io.ceip.agent.report.ReportDraft;
import io.ceip.agent.report.ReportSteps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.camel.ProducerTemplate;

/**
 * Offline export for sites without a network path to the vendor: the next report is collected as for a delivery
 * (route {@code ceip-export}), and written as the exact gzip body to a file, with a sidecar {@code <file>.json}
 * holding its report ID, size and SHA-256, for manual upload. The export is recorded in the ledger.
 * <p>
 * Both files are new: created {@code 0600} with {@code CREATE_NEW}, never over anything that exists (a file, a
 * directory, a link, even a dangling one), which is refused with one line before anything is collected. Missing
 * parent directories are made {@code 0700}. The JMX export writes only under the data directory
 * ({@link #exportUnderDataDirectory}). A report the cycle would not send ({@link WhyNotSent}: not valid against the
 * schema, over {@code ceip.report.max-bytes}) is not exported: one line says why.
 */
public final class ReportExport {

    /** Header naming the file to write. */
    public static final String FILE = "CeipExportFile";
    /** Exchange property: why nothing was exported (one line), when the export was refused. */
    static final String REFUSED = "CeipExportRefused";

    private final ProducerTemplate template;
    private final DeliveryLedger ledger;
    private final Supplier<ObjectMapper> mapper;

    private final Path dataDirectory;
    private final Map<Path, String> owned;
    private final WhyNotSent whyNotSent;

    /**
     * @param owned the agent's own directories (the dead-letter stores, the sent copies, the customer destination's,
     *        the embedded collector's, the events spool), each with what it is: no export is written into one
     * @param whyNotSent what the report cycle would not send (invalid, too big) is not exported either: a refusal
     */
    public ReportExport(ProducerTemplate template, DeliveryLedger ledger, Supplier<ObjectMapper> mapper,
            Path dataDirectory, Map<Path, String> owned, WhyNotSent whyNotSent) {
        this.whyNotSent = whyNotSent;
        this.template = template;
        this.ledger = ledger;
        this.mapper = mapper;
        this.dataDirectory = dataDirectory;
        this.owned = Map.copyOf(owned);
    }

    /**
     * Exports the next report to the new file {@code file} (the {@code export} command); returns a one-line outcome.
     *
     * @throws IllegalStateException with the one-line reason when nothing was exported
     */
    public String export(Path file) {
        Path target = file.toAbsolutePath();
        ExportTarget.requireNew(target, sidecar(target));
        Exchange result = template.send("direct:ceip-export", exchange -> exchange.getIn().setHeader(FILE,
                target.toString()));
        if (result.getProperty(REFUSED) != null) {
            throw new IllegalStateException(result.getProperty(REFUSED, String.class));
        }
        if (result.getException() != null) {
            throw new IllegalStateException("export failed: " + result.getException().getClass().getSimpleName()
                    + (result.getException().getMessage() == null ? "" : ": " + result.getException().getMessage()));
        }
        return result.getMessage().getBody(String.class);
    }

    /**
     * The JMX export ({@code exportReport}): {@code path}, absolute or relative to the data directory, must name a new
     * {@code .gz} file under it ({@link ExportTarget}).
     *
     * @throws IllegalArgumentException or {@link IllegalStateException} with the one-line reason
     */
    public String exportUnderDataDirectory(String path) {
        return export(ExportTarget.underDataDirectory(path, dataDirectory, owned));
    }

    /**
     * Route step: writes the gzip body and its sidecar, each a new file. A file that cannot be created new is a
     * refusal ({@link #REFUSED}), not an error: the command answers it in one line, and no error is logged.
     */
    public String write(@Header(FILE) String target, @ExchangeProperty(ReportSteps.REPORT_ID) String reportId,
            @ExchangeProperty(ReportSteps.DRAFT) ReportDraft draft, @Body byte[] gzip, Exchange exchange)
            throws IOException {
        try {
            return write(target, reportId, draft, gzip);
        } catch (Refused refused) {
            exchange.setProperty(REFUSED, refused.getMessage());
            return null;
        }
    }

    private String write(String target, String reportId, ReportDraft draft, byte[] gzip) throws IOException {
        Path file = Path.of(target);
        java.util.Optional<String> notSent = whyNotSent.of(GzipDataFormat.gunzip(gzip), gzip);
        if (notSent.isPresent()) { // nothing written, nothing in the ledger, the window not taken
            throw new Refused("the report would not be sent (" + notSent.get() + "): nothing exported");
        }
        String sha256 = DeliveryLedger.sha256(gzip);
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("reportId", reportId);
        sidecar.put("generatedAt", draft.windowTo().toString());
        sidecar.put("contentEncoding", "gzip");
        sidecar.put("bytes", gzip.length);
        sidecar.put("sha256", sha256);
        byte[] sidecarJson = mapper.get().writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar);
        OwnerOnlyFiles.createDirectories(file.toAbsolutePath().getParent());
        try {
            AtomicFiles.writeNew(file, gzip);
        } catch (IOException e) {
            throw new Refused(ExportTarget.notCreated(file, e).getMessage());
        }
        try {
            AtomicFiles.writeNew(sidecar(file), sidecarJson);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw new Refused(ExportTarget.notCreated(sidecar(file), e).getMessage());
        }
        ledger.record(reportId, sha256, gzip.length, "EXPORTED", 0);
        return "Report " + reportId + " exported to " + file + " (" + gzip.length + " bytes, sha256 " + sha256 + ")";
    }

    private static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".json");
    }

    /** A file that could not be created new: its message is the one line. */
    static final class Refused extends IllegalStateException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Route step when consent cannot be decided (a file it is decided from failed; the message names it, never what
     * it holds): a refusal ({@link #REFUSED}), answered in one line; nothing was collected.
     */
    public void undecided(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause, Exchange exchange) {
        exchange.setProperty(REFUSED, "consent cannot be decided (" + cause.getMessage() + "): nothing exported");
    }

    /** Route step when another report's collection held the turn too long: a refusal naming it, in one line. */
    public void notNow(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception cause, Exchange exchange) {
        exchange.setProperty(REFUSED, cause.getMessage() + ": nothing exported");
    }

    /** Route step when consent is off: a refusal ({@link #REFUSED}), which the command answers in one line. */
    public void refuse(@ExchangeProperty(ReportSteps.CONSENT) io.ceip.agent.privacy.ConsentDecision decision,
            Exchange exchange) {
        exchange.setProperty(REFUSED, "consent is " + decision + ": nothing to export");
    }
}
