package io.ceip.agent.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Gzip with the JDK's {@code java.util.zip}, as a Camel data format ({@code marshal: custom: gzip}). The marshalled
 * body is a {@code byte[]}, so it can be stored, re-sent and measured. Stands in for {@code camel-zip-deflater},
 * which is not available for the Camel version this project pins.
 */
public final class GzipDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    @Override
    public String getDataFormatName() {
        return "ceip-gzip";
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        byte[] input = exchange.getContext().getTypeConverter().mandatoryConvertTo(byte[].class, exchange, graph);
        stream.write(gzip(input));
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        return gunzip(stream.readAllBytes());
    }

    /** Compresses {@code input}. */
    public static byte[] gzip(byte[] input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, input.length / 3));
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(input);
        } catch (IOException e) {
            throw new IllegalStateException("gzip of an in-memory buffer failed", e);
        }
        return bytes.toByteArray();
    }

    /** Decompresses {@code input}; an input that is not gzip is an {@link IOException}. */
    public static byte[] gunzip(byte[] input) throws IOException {
        try (GZIPInputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(input))) {
            return gzip.readAllBytes();
        }
    }
}
