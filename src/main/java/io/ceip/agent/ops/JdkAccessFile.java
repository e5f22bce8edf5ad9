package io.ceip.agent.ops;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.rmi.Remote;
import java.util.Map;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnection;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIServerImpl;
import javax.security.auth.Subject;

/**
 * The access file as the JDK itself reads it ({@code jmx.remote.x.access.file}): the JDK parses it only as a connector
 * server starts, so {@link #check} starts one whose RMI server refuses to be exported — the file is parsed, nothing
 * listens, nothing is left to stop. A file the JDK refuses then stops the agent's start in one line, in its
 * configuration, before Camel starts (the JDK's grammar is not written again here).
 */
final class JdkAccessFile {

    private JdkAccessFile() {
    }

    /** Throws {@link IllegalArgumentException} naming {@value JmxLoginFiles#ACCESS_KEY} when the JDK refuses the file. */
    static void check(Path accessFile) {
        try {
            new RMIConnectorServer(new JMXServiceURL("rmi", "127.0.0.1", 0),
                    Map.of("jmx.remote.x.access.file", accessFile.toString()), new NotExported(),
                    ManagementFactory.getPlatformMBeanServer()).start();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(JmxLoginFiles.ACCESS_KEY + " " + accessFile + " is not a JDK access"
                    + " file (" + oneLine(e.getMessage()) + ")", e);
        } catch (IOException e) {
            if (!(e instanceof Parsed) && !(e.getCause() instanceof Parsed)) {
                throw new IllegalArgumentException(JmxLoginFiles.ACCESS_KEY + " " + accessFile + " cannot be read ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
    }

    static String oneLine(String text) {
        return text == null ? "unreadable" : text.replaceAll("\\p{Cntrl}+", " ").trim();
    }

    /** The file was parsed: the connector reached its export, which this server refuses. */
    private static final class Parsed extends IOException {
        Parsed() {
            super("parsed", null);
        }
    }

    /** An RMI server that is never exported (the trial ends at its export) and so serves nothing. */
    private static final class NotExported extends RMIServerImpl {

        NotExported() {
            super(Map.of());
        }

        @Override
        protected void export() throws IOException {
            throw new Parsed();
        }

        @Override
        public Remote toStub() {
            throw new UnsupportedOperationException("never exported");
        }

        @Override
        protected String getProtocol() {
            return "rmi";
        }

        @Override
        protected RMIConnection makeClient(String connectionId, Subject subject) {
            throw new UnsupportedOperationException("never exported");
        }

        @Override
        protected void closeClient(RMIConnection client) {
            // never made
        }

        @Override
        protected void closeServer() {
            // never exported
        }
    }
}
