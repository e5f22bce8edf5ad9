package io.ceip.agent.ops;

import java.lang.reflect.Constructor;

import org.apache.camel.management.DefaultManagementObjectNameStrategy;
import sun.reflect.ReflectionFactory;

/**
 * Camel's own JMX object names, without the host-name lookup the constructor of
 * {@link DefaultManagementObjectNameStrategy} makes ({@code InetAddress.getLocalHost()}, a resolver query for the
 * machine's name). The host name is part of no object name the agent registers, and "off means silent": with consent
 * off the agent asks nobody for any name. The instance is made without running Camel's constructor (the JDK's
 * {@link ReflectionFactory}, the supported way serialisation libraries make objects), then given the two values that
 * constructor would set: the default domain and {@code localhost}.
 */
public final class NoLookupObjectNames extends DefaultManagementObjectNameStrategy {

    private NoLookupObjectNames() {
        // never run: see create()
    }

    /** A strategy naming every MBean exactly as Camel's default does, in the {@code org.apache.camel} domain. */
    public static DefaultManagementObjectNameStrategy create() {
        try {
            Constructor<?> skipping = ReflectionFactory.getReflectionFactory().newConstructorForSerialization(
                    NoLookupObjectNames.class, Object.class.getDeclaredConstructor());
            NoLookupObjectNames names = (NoLookupObjectNames) skipping.newInstance();
            names.domainName = "org.apache.camel";
            names.hostName = "localhost";
            return names;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the JMX naming strategy", e);
        }
    }
}
