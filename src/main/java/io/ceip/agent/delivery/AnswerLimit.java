package io.ceip.agent.delivery;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The collector's answer, whatever its status, is read up to {@link #MAX_BYTES} (4 KiB) and no further: what the HTTP
 * client hands on (to camel-http, which copies a body to memory, and to {@code HttpOperationFailedException}) ends
 * there, and the connection of an answer not read to its end is closed instead of drained, so a server sending
 * a gigabyte costs the agent 4 KiB. What the server says of its answer is dropped with its {@code Content-Type} and
 * {@code Content-Encoding} headers: an answer is never decompressed (no {@code Accept-Encoding} is sent either), so it
 * cannot grow in memory; never decoded with a charset the server names (an unknown one would fail the delivery with
 * an unexpected error), but as UTF-8; never deserialised. Once the status line is read it decides, never the body: a
 * body cut off (by {@link DeliveryDeadline}, a reset, a TLS failure) just ends there, its connection discarded, and the
 * routes see the status. A 2xx so cut was recorded as not delivered, and sent again at every retry and replay although
 * the collector had it; a 400 was retried as if the collector were unreachable. An answer HTTP cannot parse (a
 * status or header line, the collector's or a proxy's) fails as an {@link AnswerNotHttpException} naming its kind and
 * whose it was only: HttpClient's own error quotes the line it refused, which Camel's retry log printed at DEBUG (a
 * token echoed in it included). So is an answer's {@code Location} dropped: redirects are never followed, and
 * camel-http quoted it in its exception.
 */
public final class AnswerLimit implements HttpClientConfigurer {

    /** The most bytes of an answer the agent reads. */
    public static final int MAX_BYTES = 4096;

    private final long maxBytes;

    public AnswerLimit() {
        this(MAX_BYTES);
    }

    AnswerLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableContentCompression();
        builder.addExecInterceptorFirst("ceip-answer-limit", this::proceed);
    }

    private ClassicHttpResponse proceed(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (HttpException e) { // a parse error quotes the line it refused: up to 8 KiB of the server's text
            throw new AnswerNotHttpException(scope.route.isTunnelled() && scope.clientContext.getSSLSession() == null,
                    e);
        }
        response.removeHeaders(HttpHeaders.LOCATION); // never followed: camel-http quoted it in its exception
        response.removeHeaders(HttpHeaders.CONTENT_TYPE);
        response.removeHeaders(HttpHeaders.CONTENT_ENCODING);
        HttpEntity entity = response.getEntity();
        if (entity != null) {
            response.setEntity(new BoundedEntity(entity, maxBytes, scope.execRuntime));
        }
        return response;
    }

    /**
     * An answer's body that ends after {@code maxBytes}. Closing it releases the connection for reuse only when the
     * answer was read to its end; otherwise the connection is discarded, never drained.
     */
    private static final class BoundedEntity extends HttpEntityWrapper {

        private final long maxBytes;
        private final long declaredLength;
        private final ExecRuntime connection;
        private long read;
        private boolean ended;
        private boolean cut;

        BoundedEntity(HttpEntity entity, long maxBytes, ExecRuntime connection) {
            super(entity);
            this.maxBytes = maxBytes;
            this.declaredLength = entity.getContentLength();
            this.connection = connection;
        }

        @Override
        public long getContentLength() {
            return declaredLength >= 0 && declaredLength <= maxBytes ? declaredLength : -1;
        }

        @Override
        public String getContentType() {
            return null;
        }

        @Override
        public String getContentEncoding() {
            return null;
        }

        @Override
        public boolean isRepeatable() {
            return false;
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream content = super.getContent();
            return content == null ? null : new BoundedStream(content);
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                if (in != null) {
                    in.transferTo(out);
                }
            }
        }

        @Override
        public void close() throws IOException {
            close(super::close);
        }

        private void close(Closer closer) throws IOException {
            if (!cut && (ended || read == declaredLength)) {
                closer.close();
                return;
            }
            connection.discardEndpoint();
            try {
                closer.close();
            } catch (IOException e) {
                // the connection is closed already: nothing is left to release
            }
        }

        private int count(int bytes) {
            if (bytes < 0) {
                ended = true;
            } else {
                read += bytes;
            }
            return bytes;
        }

        private final class BoundedStream extends FilterInputStream {

            BoundedStream(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (ended || cut || read >= maxBytes) {
                    return -1;
                }
                try {
                    return count(in.read(buffer, offset, (int) Math.min(length, maxBytes - read)));
                } catch (IOException e) { // the status decides: the body ends where it was cut
                    cut = true;
                    connection.discardEndpoint();
                    return -1;
                }
            }

            @Override
            public long skip(long n) throws IOException {
                int chunk = (int) Math.max(0, Math.min(n, 512));
                return chunk == 0 ? 0 : Math.max(0, read(new byte[chunk], 0, chunk));
            }

            @Override
            public int available() throws IOException {
                return ended || cut ? 0 : (int) Math.min(in.available(), maxBytes - read);
            }

            @Override
            public boolean markSupported() {
                return false;
            }

            @Override
            public void close() throws IOException {
                BoundedEntity.this.close(in::close);
            }
        }
    }

    @FunctionalInterface
    private interface Closer {
        void close() throws IOException;
    }
}
