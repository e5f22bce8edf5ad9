package io.ceip.agent.ops;

import java.io.IOException;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.RemoteServer;
import java.rmi.server.ServerNotActiveException;
import java.util.Map;

import javax.management.remote.rmi.RMIConnection;
import javax.management.remote.rmi.RMIJRMPServerImpl;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote JMX connector, whose logins (checked by the JDK against the password file) are counted per client
 * address ({@link JmxLoginFailures}): a failure is logged, and an address locked out is refused before its password
 * is looked at. One login is checked at a time, its failure counted before the next is let in: logins sent at once
 * (RMI opens a connection per concurrent call) were all checked before any was counted, 24 guesses where the
 * lock-out allows five. The JDK reads the password file at every login, following a link: each login checks it first
 * as the start did ({@link JmxLoginFiles#recheckPasswordFile()}), and while it fails (opened to others, replaced by a
 * link or another user's file) every login is refused, said in one WARN line until it passes again.
 */
final class GuardedRmiConnector extends RMIJRMPServerImpl {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteJmxServer.class);

    private final JmxLoginFiles login;
    private final JmxLoginFailures failures;
    /** Why the password file failed its last check, said once; null while it passes (guarded by checking). */
    private String unsafe;
    /** Held while a login is checked and counted (a password check takes about a millisecond). */
    private final Object checking = new Object();

    GuardedRmiConnector(int port, RMIClientSocketFactory clientSockets, RMIServerSocketFactory serverSockets,
            Map<String, ?> environment, JmxLoginFiles login, JmxLoginFailures failures) throws IOException {
        super(port, clientSockets, serverSockets, environment);
        this.login = login;
        this.failures = failures;
    }

    @Override
    public RMIConnection newClient(Object credentials) throws IOException {
        String address = clientAddress();
        synchronized (checking) {
            if (failures.lockedOut(address)) {
                throw new SecurityException("Too many failed logins from this address: try again later");
            }
            passwordFileChecked();
            try {
                RMIConnection connection = super.newClient(credentials);
                failures.succeeded(address);
                return connection;
            } catch (SecurityException e) {
                failures.failed(address, credentials instanceof String[] given && given.length > 0 ? given[0]
                        : null);
                throw e;
            }
        }
    }

    /** Refuses the login while the password file fails the start's check (said once until it passes again). */
    private void passwordFileChecked() {
        try {
            login.recheckPasswordFile();
            unsafe = null;
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals(unsafe)) {
                unsafe = e.getMessage();
                LOG.warn("Remote JMX: every login is refused while the password file fails its check: {}", unsafe);
            }
            throw new SecurityException("Remote JMX refuses every login now: see the agent's log");
        }
    }

    /** The address of the client whose call this thread serves. */
    private static String clientAddress() {
        try {
            return RemoteServer.getClientHost();
        } catch (ServerNotActiveException e) {
            return "this process"; // called in-process, not over RMI
        }
    }
}
