package io.ceip.agent.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A "proxy" that answers every CONNECT with a fixed answer and closes (never tunnels). */
public final class ScriptedConnectProxy implements AutoCloseable {

    private final ServerSocket server;
    private volatile byte[] answer;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    public final List<String> requests = new CopyOnWriteArrayList<>();

    private final long byteDelayMillis;

    public ScriptedConnectProxy(String answer) throws IOException {
        this(answer, 0);
    }

    /** Writes {@code answer} one byte every {@code byteDelayMillis} when it is not 0 (a proxy that trickles). */
    public ScriptedConnectProxy(String answer, long byteDelayMillis) throws IOException {
        this.byteDelayMillis = byteDelayMillis;
        this.answer = answer.getBytes(StandardCharsets.ISO_8859_1);
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        threads.submit(this::accept);
    }

    /** From now on, answers {@code answer}. */
    public void answer(String answer) {
        this.answer = answer.getBytes(StandardCharsets.ISO_8859_1);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.submit(() -> handle(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            requests.add(head.toString(StandardCharsets.ISO_8859_1));
            byte[] answer = this.answer;
            if (byteDelayMillis == 0) {
                client.getOutputStream().write(answer);
                client.getOutputStream().flush();
            } else {
                for (byte one : answer) {
                    client.getOutputStream().write(one);
                    client.getOutputStream().flush();
                    Thread.sleep(byteDelayMillis);
                }
            }
            Thread.sleep(200);
        } catch (IOException | InterruptedException e) {
            // gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
