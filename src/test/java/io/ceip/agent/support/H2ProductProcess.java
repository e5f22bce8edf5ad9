package io.ceip.agent.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A product that embeds H2, as a process of its own: it opens the database at the URL it is given (with
 * {@code AUTO_SERVER=TRUE}: H2 serves the file from this process), prints {@code ready}, and holds it until its
 * standard input is closed. {@link #start} runs it from the tests' class path.
 */
public final class H2ProductProcess {

    private H2ProductProcess() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection product = DriverManager.getConnection(args[0], "sa", "")) {
            product.createStatement().executeQuery("SELECT COUNT(*) FROM item").close();
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the test closes this process's standard input
            }
        }
    }

    /** Starts the product on {@code url} and returns once it holds the database (within 60 s). */
    public static Process start(String url) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), H2ProductProcess.class.getName(), url));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] ready = new byte[6];
        int read = process.getInputStream().readNBytes(ready, 0, ready.length);
        if (read != ready.length || !new String(ready, StandardCharsets.US_ASCII).equals("ready\n")) {
            process.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
            throw new IllegalStateException("the H2 product did not start");
        }
        return process;
    }

    /** Stops the product as it stops itself: it closes its connection (H2 closes the database and its server). */
    public static void stop(Process product) throws IOException, InterruptedException {
        product.getOutputStream().close();
        if (!product.waitFor(60, TimeUnit.SECONDS)) {
            product.destroyForcibly();
            throw new IllegalStateException("the H2 product did not stop");
        }
    }
}
