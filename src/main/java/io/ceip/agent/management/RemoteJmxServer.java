package io.ceip.agent.management;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.net.ssl.SSLContext;
import javax.rmi.ssl.SslRMIClientSocketFactory;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote JMX for the agent's JVM (off unless {@code ceip.jmx.remote.enabled}): one RMI port on
 * {@code ceip.jmx.remote.host} (loopback by default), serving the URL
 * {@code service:jmx:rmi://HOST:PORT/jndi/rmi://HOST:PORT/jmxrmi}. With a password file (and access file, the JDK's
 * formats) clients must authenticate; with {@code ssl} the registry and the connections use TLS (the JVM's
 * default key store, {@code -Djavax.net.ssl.keyStore}).
 */
public final class RemoteJmxServer extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJmxServer.class);

    private final String host;
    private final int port;
    private final String passwordFile;
    private final String accessFile;
    private final boolean ssl;
    private Registry registry;
    private JMXConnectorServer server;

    public RemoteJmxServer(String host, int port, String passwordFile, String accessFile, boolean ssl) {
        this.host = host;
        this.port = port;
        this.passwordFile = passwordFile;
        this.accessFile = accessFile;
        this.ssl = ssl;
    }

    /** The service URL clients connect to. */
    public String url() {
        return "service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port + "/jmxrmi";
    }

    @Override
    protected void doStart() throws Exception {
        InetAddress address = InetAddress.getByName(host);
        RMIServerSocketFactory serverSockets = new BoundServerSocketFactory(address, ssl);
        RMIClientSocketFactory clientSockets = ssl ? new SslRMIClientSocketFactory() : null;
        registry = LocateRegistry.createRegistry(port, clientSockets, serverSockets);
        Map<String, Object> environment = new HashMap<>();
        environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, serverSockets);
        if (clientSockets != null) {
            environment.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clientSockets);
            environment.put("com.sun.jndi.rmi.factory.socket", clientSockets);
        }
        if (passwordFile != null) {
            environment.put("jmx.remote.x.password.file", passwordFile);
        }
        if (accessFile != null) {
            environment.put("jmx.remote.x.access.file", accessFile);
        }
        server = JMXConnectorServerFactory.newJMXConnectorServer(new JMXServiceURL(url()), environment,
                ManagementFactory.getPlatformMBeanServer());
        server.start();
        LOG.info("Remote JMX listening on {} ({}{})", url(), passwordFile == null ? "no authentication"
                : "password file", ssl ? ", TLS" : "");
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (registry != null) {
            UnicastRemoteObject.unexportObject(registry, true);
        }
    }

    /** Server sockets bound to one address (loopback by default), plain or TLS. */
    private static final class BoundServerSocketFactory implements RMIServerSocketFactory {
        private final InetAddress address;
        private final boolean ssl;

        BoundServerSocketFactory(InetAddress address, boolean ssl) {
            this.address = address;
            this.ssl = ssl;
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            if (!ssl) {
                return new ServerSocket(port, 50, address);
            }
            try {
                return SSLContext.getDefault().getServerSocketFactory().createServerSocket(port, 50, address);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IOException("no default TLS context for remote JMX", e);
            }
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BoundServerSocketFactory that && that.address.equals(address) && that.ssl == ssl;
        }

        @Override
        public int hashCode() {
            return Objects.hash(address, ssl);
        }
    }
}
