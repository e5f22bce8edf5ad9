package io.ceip.collector.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/** Reports as the agent sends them, for the tests. */
public final class Reports {

    /** The demo product of config/tokens.properties and its token. */
    public static final String PRODUCT = "Demo Monitoring";
    public static final String TOKEN = "ceip-demo-token-0123456789";

    private static final String REPORT = """
            {"schemaVersion":%d,"reportId":"%s","installationId":"%s","generatedAt":"2026-11-23T19:38:59Z",
             "consentLevel":"%s","product":{"name":"%s","version":"%s","edition":null},
             "environment":{"osName":"%s","javaVersion":"%s","processors":2},
             "database":{"vendor":"%s","version":"17.6"},"usage":{"hosts":12},
             "partial":false,"failures":[],"redaction":{"droppedFields":0}}""";

    private Reports() {
    }

    public static String report(String reportId, String installationId) {
        return REPORT.formatted(1, reportId, installationId, "basic", PRODUCT, "1.0.0", "Linux", "17.0.15",
                "PostgreSQL");
    }

    public static String report(int schemaVersion, String reportId, String installationId, String consent,
            String product, String version, String os, String java, String db) {
        return REPORT.formatted(schemaVersion, reportId, installationId, consent, product, version, os, java, db);
    }

    public static String any() {
        return report(UUID.randomUUID().toString(), UUID.randomUUID().toString());
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
