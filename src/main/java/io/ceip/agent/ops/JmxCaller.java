package io.ceip.agent.ops;

import java.security.Principal;
import javax.management.remote.JMXPrincipal;
import javax.security.auth.Subject;

/**
 * Who calls a JMX operation, for the consent audit: {@code jmx:<user>} for a remote connection's login (the
 * {@link JMXPrincipal} the JDK's authenticator gave it), {@code jmx} when the caller is not known (a local attach,
 * which carries no login). The JDK runs each remote call as its connection's subject: {@code Subject.current()} from
 * JDK 18, {@code Subject.getSubject} of the access-control context on JDK 17 (which later JDKs no longer answer).
 */
final class JmxCaller {

    private JmxCaller() {
    }

    static String name() {
        Subject subject = subject();
        return subject == null ? "jmx" : subject.getPrincipals(JMXPrincipal.class).stream().map(Principal::getName)
                .findFirst().map(user -> "jmx:" + user).orElse("jmx");
    }

    @SuppressWarnings("removal")
    private static Subject subject() {
        try {
            return (Subject) Subject.class.getMethod("current").invoke(null);
        } catch (NoSuchMethodException jdk17) {
            try {
                return Subject.getSubject(java.security.AccessController.getContext());
            } catch (RuntimeException notAnswered) {
                return null;
            }
        } catch (ReflectiveOperationException | RuntimeException notAnswered) {
            return null;
        }
    }
}
