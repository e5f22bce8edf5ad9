package io.ceip.collector.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.net.ssl.SSLSocket;

/**
 * A POST of /v1/reports written by hand over TLS (trusting {@code pem} only), for what an HTTP client will not send:
 * a length it does not keep, chunks past a limit, a body cut short. The demo token and JSON content type.
 */
public final class RawRequest {

    private RawRequest() {
    }

    /**
     * Sends the headers with {@code framing} (a {@code Content-Length} or {@code Transfer-Encoding: chunked} line),
     * then {@code bodyBytes} zero bytes (as 8 KiB chunks when chunked; a write the server refuses ends the sending),
     * then reads the answer when {@code read}, else closes at once (a client hanging up mid-body).
     *
     * @return the answer (status line, headers, body) as ASCII, or "" when not read
     */
    public static String post(Path pem, int port, String framing, int bodyBytes, boolean read) throws Exception {
        try (SSLSocket socket = connect(pem, port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Authorization: Bearer " + Reports.TOKEN + "\r\n" + framing + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            boolean chunked = framing.toLowerCase().contains("chunked");
            try {
                for (int sent = 0; sent < bodyBytes; sent += 8192) {
                    int length = Math.min(8192, bodyBytes - sent);
                    if (chunked) {
                        out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(new byte[length]);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                }
                out.flush();
            } catch (IOException refusedByTheServer) {
                // the server may answer and stop reading before the body ends
            }
            return read ? answer(socket.getInputStream()) : "";
        }
    }

    /**
     * Sends the demo report's headers announcing 30,000 bytes, waits for the node's {@code 100 Continue} (it is then
     * reading the body), sends 1,000 of them, then resets the TCP connection under the TLS one (no TLS close): the
     * node's read fails with a SocketException, not as a clean close.
     */
    public static void resetMidBody(Path pem, int port) throws Exception {
        java.net.Socket tcp = new java.net.Socket("localhost", port);
        SSLSocket socket = (SSLSocket) TestCollector.trusting(pem).getSocketFactory().createSocket(tcp, "localhost",
                port, true);
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Authorization: Bearer " + Reports.TOKEN + "\r\nExpect: 100-continue\r\nContent-Length: 30000"
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String answer = new String(socket.getInputStream().readNBytes(25), StandardCharsets.US_ASCII);
        if (!answer.equals("HTTP/1.1 100 Continue\r\n\r\n")) {
            throw new IllegalStateException("no 100 Continue but: " + answer);
        }
        out.write(new byte[1000]);
        out.flush();
        tcp.setSoLinger(true, 0);
        tcp.close();
    }

    /**
     * A TLS connection to the node on {@code port}, trusting {@code pem} only, offering {@code protocols} (none given:
     * the JDK's defaults); reads time out at 20 s.
     */
    public static SSLSocket connect(Path pem, int port, String... protocols) throws Exception {
        return connect(pem, port, protocols, new String[0]);
    }

    /** The same, offering only {@code cipherSuites} (none given: the JDK's defaults). */
    public static SSLSocket connect(Path pem, int port, String[] protocols, String[] cipherSuites) throws Exception {
        SSLSocket socket = (SSLSocket) TestCollector.trusting(pem).getSocketFactory().createSocket("localhost", port);
        if (protocols.length > 0) {
            socket.setEnabledProtocols(protocols);
        }
        if (cipherSuites.length > 0) {
            socket.setEnabledCipherSuites(cipherSuites);
        }
        socket.setSoTimeout(20_000);
        socket.startHandshake();
        return socket;
    }

    /** The head of a POST of /v1/reports with the demo token, JSON, announcing {@code contentLength} bytes. */
    public static byte[] head(int contentLength) {
        return ("POST /v1/reports HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAuthorization:"
                + " Bearer " + Reports.TOKEN + "\r\nContent-Length: " + contentLength + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A report ({@link Reports#any}) POSTed on {@code socket}; the answer's head and body. */
    public static String postReport(SSLSocket socket) throws IOException {
        byte[] body = Reports.utf8(Reports.any());
        socket.getOutputStream().write(head(body.length));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return answer(socket.getInputStream());
    }

    /**
     * Ten bytes a second on {@code socket} (whose headers announced more) until the server answers; its answer, or
     * {@code failed: <exception>}.
     */
    public static String trickle(SSLSocket socket) {
        Thread writer = new Thread(() -> {
            try {
                OutputStream out = socket.getOutputStream();
                for (int i = 0; i < 600; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException stopped) {
                // the server closed the connection
            }
        });
        writer.start();
        try {
            return readAll(socket.getInputStream());
        } catch (IOException e) {
            return "failed: " + e;
        } finally {
            writer.interrupt();
        }
    }

    /** Everything {@code in} gives until the server closes the connection, as ASCII. */
    public static String readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        try {
            in.transferTo(all);
        } catch (java.net.SocketException reset) {
            // closed by the server
        }
        return all.toString(StandardCharsets.US_ASCII);
    }

    /**
     * One answer read from {@code in}: its head, then its body (as many bytes as its Content-Length says, or up to its
     * last chunk); what arrived when the socket's read times out.
     */
    public static String answer(InputStream in) throws IOException {
        StringBuilder answer = new StringBuilder();
        try {
            String head = readUntil(in, "\r\n\r\n", answer);
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            if (head.toLowerCase().contains("\r\ntransfer-encoding: chunked\r\n")) {
                readUntil(in, "\r\n0\r\n\r\n", answer);
            } else {
                answer.append(new String(in.readNBytes(length), StandardCharsets.US_ASCII));
            }
        } catch (SocketTimeoutException e) {
            // what arrived
        }
        return answer.toString();
    }

    /** Reads {@code in} until what {@code read} holds ends with {@code end} (or the stream ends). */
    private static String readUntil(InputStream in, String end, StringBuilder read) throws IOException {
        while (read.length() < end.length() || !read.substring(read.length() - end.length()).equals(end)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            read.append((char) b);
        }
        return read.toString();
    }
}
