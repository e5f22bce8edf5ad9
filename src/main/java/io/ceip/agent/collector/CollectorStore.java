package io.ceip.agent.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ceip.agent.delivery.GzipDataFormat;
import io.ceip.agent.store.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.function.Supplier;

/**
 * The embedded collector's storage: each accepted report is written once, as pretty JSON, to
 * {@code <directory>/<reportId>.json}. A report ID received again is acknowledged and not stored twice, so
 * at-least-once delivery becomes exactly-once here.
 */
public final class CollectorStore {

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private final Path directory;
    private final Supplier<ObjectMapper> mapper;

    public CollectorStore(Path directory, Supplier<ObjectMapper> mapper) {
        this.directory = directory;
        this.mapper = mapper;
    }

    /** What happened to one received body. */
    public record Receipt(String reportId, Path file, boolean duplicate) {
    }

    /**
     * Accepts a report body, gzip-compressed or already decompressed.
     *
     * @throws InvalidReportException when the body is not JSON or carries no report ID
     */
    public Receipt accept(byte[] body) throws InvalidReportException {
        if (body == null || body.length == 0) {
            throw new InvalidReportException("empty body");
        }
        byte[] json = body;
        if (body.length > 1 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b) {
            try {
                json = GzipDataFormat.gunzip(body);
            } catch (IOException e) {
                throw new InvalidReportException("body is not valid gzip");
            }
        }
        JsonNode report;
        try {
            report = mapper.get().readTree(json);
        } catch (IOException e) {
            throw new InvalidReportException("body is not JSON");
        }
        JsonNode id = report == null ? null : report.get("reportId");
        if (id == null || !id.isTextual() || !UUID.matcher(id.asText()).matches()) {
            throw new InvalidReportException("body has no valid reportId");
        }
        Path file = directory.resolve(id.asText() + ".json");
        if (Files.exists(file)) {
            return new Receipt(id.asText(), file, true);
        }
        try {
            AtomicFiles.write(file, mapper.get().writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        } catch (IOException e) {
            throw new IllegalStateException("cannot store report " + id.asText(), e);
        }
        return new Receipt(id.asText(), file, false);
    }

    public Path directory() {
        return directory;
    }
}
