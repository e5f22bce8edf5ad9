package io.ceip.agent.ops;

import io.ceip.agent.config.SettingCatalog;
import io.ceip.agent.config.SettingType;
import io.ceip.agent.tls.ServerKeyStore;

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
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.rmi.ssl.SslRMIClientSocketFactory;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote JMX for the agent's JVM (off unless {@code ceip.jmx.remote.enabled}): one RMI port on
 * {@code ceip.jmx.remote.host} (loopback by default), serving the URL
 * {@code service:jmx:rmi://HOST:PORT/jndi/rmi://HOST:PORT/jmxrmi}. It is never open: it is made only with a checked
 * password file and access file ({@link JmxLoginFiles}), so every client must log in, and what a user may do is what
 * the access file grants (the JDK's own {@code jmx.remote.x.password.file} and {@code jmx.remote.x.access.file}
 * handling: a user without a line there may do nothing), and a {@code readwrite} one changes the agent only through
 * its own MBeans ({@link RemoteJmxChanges}: not Camel's context, not the JVM's). With TLS ({@code ceip.jmx.remote.ssl}) the registry and the
 * connections present the key of {@code ceip.jmx.remote.key-store}, never the JVM's {@code -Djavax.net.ssl.*} (which
 * every JMX user can read); without it, on an address other than loopback, passwords cross the network in clear,
 * which the start warns about. At most {@value #MAX_CONNECTIONS} connections are open at once
 * ({@link BoundedServerSocket}: RMI gives each a thread before any login). Failed logins are logged and an address
 * that keeps failing is locked out for a while ({@link JmxLoginFailures}).
 *
 * <p>The connector is bound into its own registry in-process, as the JDK's own agent does (not through JNDI, whose
 * client-side TLS handshake would need the JVM's trust store to trust the agent's certificate). The stub clients are
 * handed names {@code host}, not what the machine's name resolves to, and the start looks up no name of the machine:
 * {@value #RMI_HOSTNAME} is set to {@code host} while the connector is exported, unless the administrator set it (then
 * the stub carries theirs).
 */
public final class RemoteJmxServer extends ServiceSupport {

    /** Connections open at once, the registry's and the connector's together ({@link BoundedServerSocket}). */
    static final int MAX_CONNECTIONS = 32;

    /** The host name RMI writes into the stubs it exports (read per export); the machine's address when unset. */
    static final String RMI_HOSTNAME = "java.rmi.server.hostname";

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJmxServer.class);

    private final String host;
    private final int port;
    private final JmxLoginFiles login;
    private final ServerKeyStore tls;
    private final JmxLoginFailures failures = new JmxLoginFailures(java.time.Clock.systemUTC());
    private Registry registry;
    private JMXConnectorServer server;

    /**
     * Remote JMX on {@code host} and {@code port} with the checked {@code login} files; {@code tls}: the server side of
     * TLS over each accepted connection (the agent's key store), or null for plain connections.
     */
    public RemoteJmxServer(String host, int port, JmxLoginFiles login, ServerKeyStore tls) {
        this.host = host;
        this.port = port;
        this.login = Objects.requireNonNull(login, "remote JMX needs a password file and an access file");
        this.tls = tls;
    }

    /** The service URL clients connect to. */
    public String url() {
        return "service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port + "/jmxrmi";
    }

    @Override
    protected void doStart() throws Exception {
        InetAddress address = InetAddress.getByName(host);
        RMIServerSocketFactory serverSockets = new BoundServerSocketFactory(address, tls);
        RMIClientSocketFactory clientSockets = tls != null ? new SslRMIClientSocketFactory() : null;
        Map<String, Object> environment = new HashMap<>();
        environment.put("jmx.remote.x.password.file", login.passwordFile().toString());
        environment.put("jmx.remote.x.access.file", login.accessFile().toString());
        boolean ownHostname = System.getProperty(RMI_HOSTNAME) == null;
        if (ownHostname) {
            System.setProperty(RMI_HOSTNAME, host);
        }
        try {
            registry = LocateRegistry.createRegistry(port, clientSockets, serverSockets);
            RMIJRMPServerImpl connector = new GuardedRmiConnector(port, clientSockets, serverSockets, environment,
                    login, failures);
            server = new RMIConnectorServer(new JMXServiceURL("rmi", host, port), environment, connector,
                    ManagementFactory.getPlatformMBeanServer());
            server.setMBeanServerForwarder(RemoteJmxChanges.forwarder()); // before start: the access file's goes first
            server.start();
            registry.bind("jmxrmi", connector.toStub());
        } catch (IllegalArgumentException e) {
            // the JDK reads the access file as the connector starts (JdkAccessFile did at the configuration, unless
            // it changed since): its error names the line, not the setting
            doStop();
            throw new IllegalArgumentException(JmxLoginFiles.ACCESS_KEY + " " + login.accessFile() + " is not a"
                    + " JDK access file (" + JdkAccessFile.oneLine(e.getMessage()) + ")", e);
        } catch (Exception e) {
            doStop();
            throw e;
        } finally {
            if (ownHostname) {
                System.clearProperty(RMI_HOSTNAME);
            }
        }
        if (System.getProperty("javax.net.ssl.keyStorePassword") != null) {
            LOG.warn("javax.net.ssl.keyStorePassword is a system property: every remote JMX user can read it"
                    + " (java.lang:type=Runtime), as every local user can with ps; set ceip.jmx.remote.key-store-password"
                    + " instead (remote JMX does not use the JVM's key store)");
        }
        SettingCatalog.embedded().all().stream().filter(setting -> setting.type().kind() == SettingType.Kind.SECRET
                && System.getProperty(setting.key()) != null).forEach(setting -> LOG.warn("{} is a system property:"
                        + " every remote JMX user can read it (java.lang:type=Runtime), as every local user can with"
                        + " ps; write {{env:NAME}} in the configuration file instead", setting.key()));
        if (tls == null && !address.isLoopbackAddress()) {
            LOG.warn("Remote JMX on {} without TLS (ceip.jmx.remote.ssl=false): passwords cross the network in"
                    + " clear", address.getHostAddress());
        }
        LOG.info("Remote JMX listening on {} (password file {}, access file {}{})", url(), login.passwordFile(),
                login.accessFile(), tls != null ? ", TLS" : "");
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            if (server.isActive()) { // one that failed to start has nothing to stop (its connector was not exported)
                server.stop();
            }
            server = null;
        }
        if (registry != null) {
            UnicastRemoteObject.unexportObject(registry, true);
            registry = null;
        }
    }

    /** Server sockets bound to one address (loopback by default), plain or TLS, each bounded in connections. */
    private static final class BoundServerSocketFactory implements RMIServerSocketFactory {
        private final InetAddress address;
        private final ServerKeyStore tls;

        BoundServerSocketFactory(InetAddress address, ServerKeyStore tls) {
            this.address = address;
            this.tls = tls;
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new BoundedServerSocket(port, address, MAX_CONNECTIONS, tls);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BoundServerSocketFactory that && that.address.equals(address) && that.tls == tls;
        }

        @Override
        public int hashCode() {
            return Objects.hash(address, System.identityHashCode(tls));
        }
    }
}
