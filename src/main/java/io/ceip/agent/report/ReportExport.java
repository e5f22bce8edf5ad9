package io.ceip.agent.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.delivery.DeliveryLedger;
import io.ceip.agent.delivery.DeliverySteps;
import io.ceip.agent.store.AtomicFiles;

import java.io.IOException;
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
 */
public final class ReportExport {

    /** Header naming the file to write. */
    public static final String FILE = "CeipExportFile";

    private final ProducerTemplate template;
    private final DeliveryLedger ledger;
    private final Supplier<ObjectMapper> mapper;

    public ReportExport(ProducerTemplate template, DeliveryLedger ledger, Supplier<ObjectMapper> mapper) {
        this.template = template;
        this.ledger = ledger;
        this.mapper = mapper;
    }

    /** Exports the next report to {@code file}; returns a one-line outcome. */
    public String export(Path file) {
        Exchange result = template.send("direct:ceip-export", exchange -> exchange.getIn().setHeader(FILE,
                file.toAbsolutePath().toString()));
        if (result.getException() != null) {
            throw new IllegalStateException("export failed: " + result.getException().getClass().getSimpleName()
                    + (result.getException().getMessage() == null ? "" : ": " + result.getException().getMessage()));
        }
        return result.getMessage().getBody(String.class);
    }

    /** Route step: writes the gzip body and its sidecar. */
    public String write(@Header(FILE) String target, @ExchangeProperty(DeliverySteps.REPORT_ID) String reportId,
            @ExchangeProperty(ReportSteps.DRAFT) ReportDraft draft, @Body byte[] gzip) throws IOException {
        Path file = Path.of(target);
        String sha256 = DeliveryLedger.sha256(gzip);
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("reportId", reportId);
        sidecar.put("generatedAt", draft.windowTo().toString());
        sidecar.put("contentEncoding", "gzip");
        sidecar.put("bytes", gzip.length);
        sidecar.put("sha256", sha256);
        AtomicFiles.write(file, gzip);
        AtomicFiles.write(file.resolveSibling(file.getFileName() + ".json"),
                mapper.get().writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar));
        ledger.record(reportId, sha256, gzip.length, "EXPORTED", 0);
        return "Report " + reportId + " exported to " + file + " (" + gzip.length + " bytes, sha256 " + sha256 + ")";
    }

    /** Route step when consent is off. */
    public void refuse(@ExchangeProperty(ReportSteps.CONSENT) io.ceip.agent.consent.ConsentDecision decision) {
        throw new IllegalStateException("consent is " + decision + ": nothing to export");
    }
}
