package io.ceip.agent.demo.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ceip.agent.files.AtomicFiles;
import io.ceip.agent.report.ReportSchema;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The embedded collector's storage: each accepted report is written once, as pretty JSON, to
 * {@code <directory>/<reportId>.json}. A report must be valid against the report schema ({@link ReportSchema}) and
 * carry a report ID and an installation ID that are UUIDs; both are compared, and stored, in lower case, so a
 * report ID received again, in any case, is acknowledged and not stored twice: at-least-once delivery becomes
 * exactly-once here.
 */
public final class CollectorStore {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private final Path directory;
    private final Supplier<ObjectMapper> mapper;
    private final ReportSchema schema;

    public CollectorStore(Path directory, Supplier<ObjectMapper> mapper, ReportSchema schema) {
        this.directory = directory;
        this.mapper = mapper;
        this.schema = schema;
    }

    /** What happened to one received body. */
    public record Receipt(String reportId, Path file, boolean duplicate) {
    }

    /**
     * Accepts a report, as JSON (decompressed).
     *
     * @throws InvalidReportException when the body is not JSON, has no report or installation ID, or is not valid
     *         against the report schema
     */
    public Receipt accept(byte[] json) throws InvalidReportException {
        if (json == null || json.length == 0) {
            throw new InvalidReportException(Refusal.EMPTY);
        }
        JsonNode report;
        try {
            report = mapper.get().readTree(json);
        } catch (IOException e) {
            throw new InvalidReportException(Refusal.NOT_JSON);
        }
        if (!(report instanceof ObjectNode object)) {
            throw new InvalidReportException(Refusal.NOT_JSON);
        }
        String reportId = uuid(object, "reportId", Refusal.NO_REPORT_ID);
        uuid(object, "installationId", Refusal.NO_INSTALLATION_ID);
        if (!schema.violations(object).isEmpty()) {
            throw new InvalidReportException(Refusal.NOT_A_REPORT);
        }
        return store(reportId, object);
    }

    private synchronized Receipt store(String reportId, ObjectNode report) {
        Path file = directory.resolve(reportId + ".json");
        if (Files.exists(file)) {
            return new Receipt(reportId, file, true);
        }
        try {
            AtomicFiles.write(file, mapper.get().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new IllegalStateException("cannot store report " + reportId, e);
        }
        return new Receipt(reportId, file, false);
    }

    /** The UUID in {@code field}, in lower case (and so written back), or the refusal. */
    private static String uuid(ObjectNode report, String field, Refusal refusal) throws InvalidReportException {
        JsonNode value = report.get(field);
        if (value == null || !value.isTextual() || !UUID.matcher(value.asText()).matches()) {
            throw new InvalidReportException(refusal);
        }
        String lowerCase = value.asText().toLowerCase(Locale.ROOT);
        report.put(field, lowerCase);
        return lowerCase;
    }

    public Path directory() {
        return directory;
    }
}
