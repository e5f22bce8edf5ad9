package io.ceip.agent.ops;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.MBeanServerForwarder;

/**
 * What a remote JMX login may change: the agent only through its own MBeans ({@value #AGENT_BEANS}: {@code sendNow},
 * {@code setConsent}, ...), each of which answers in one line and records what it does. The access file grants
 * {@code readwrite} on every MBean of the JVM, and beside the agent's there are MBeans that undo its guarantees: Camel's
 * context sends any text to any endpoint URI ({@code sendStringBody}: the destination's HTTP client adds the
 * endpoint's token to every request of its component, whatever the URL; a {@code file:} URI writes the consent file
 * past {@code setConsent} and its audit), stops routes and turns tracing on; the JVM's dump the heap (every secret)
 * to a file or load an agent. So over remote JMX every operation and attribute write outside the agent's MBeans, and
 * every MBean creation or removal, is refused with a {@link SecurityException} of one line; reads stay as the access
 * file grants them. Local JMX (the agent's own user attaching) is not this connector's and is not changed.
 */
final class RemoteJmxChanges implements InvocationHandler {

    /** The MBeans remote JMX may invoke: the agent's ({@link AgentManagement}, its events' counters). */
    static final String AGENT_BEANS = "org.apache.camel:context=ceip-agent,type=ceip,*";

    private static final ObjectName AGENT = agentBeans();

    /**
     * What changes an MBean or the server (the calls the JDK's access file counts as writes): {@code invoke} only on
     * the agent's MBeans, the others never. Reads, listeners and the connector's own class-loader look-ups pass.
     */
    private static final Set<String> CHANGES = Set.of("invoke", "setAttribute", "setAttributes", "createMBean",
            "registerMBean", "unregisterMBean", "instantiate");

    private MBeanServer next;

    private RemoteJmxChanges() {
    }

    /** A new forwarder for one connector server, to set before it starts. */
    static MBeanServerForwarder forwarder() {
        return (MBeanServerForwarder) Proxy.newProxyInstance(MBeanServerForwarder.class.getClassLoader(),
                new Class<?>[] { MBeanServerForwarder.class }, new RemoteJmxChanges());
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        String name = method.getName();
        if (method.getDeclaringClass() == Object.class) {
            return switch (name) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "RemoteJmxChanges(" + AGENT_BEANS + ")";
            };
        }
        if (name.equals("getMBeanServer")) {
            return next;
        }
        if (name.equals("setMBeanServer")) {
            if (next != null) {
                throw new IllegalArgumentException("the MBean server is already set");
            }
            next = (MBeanServer) args[0];
            return null;
        }
        if (CHANGES.contains(name) && !(name.equals("invoke") && args[0] instanceof ObjectName bean
                && AGENT.apply(bean))) {
            throw new SecurityException("remote JMX: " + name + " refused; it changes the agent only through the"
                    + " agent's own operations (" + AGENT_BEANS + ")");
        }
        try {
            return method.invoke(next, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static ObjectName agentBeans() {
        try {
            return new ObjectName(AGENT_BEANS);
        } catch (MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
