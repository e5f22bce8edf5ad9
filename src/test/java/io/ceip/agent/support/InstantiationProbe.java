package io.ceip.agent.support;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A class a test names in a setting ({@code camel.beans.x=#class:io.ceip.agent.support.InstantiationProbe}): each
 * object made of it is counted, so that the test sees whether a setting made Camel load and run a class.
 */
public class InstantiationProbe {

    /** How many were made in this JVM. */
    public static final AtomicInteger MADE = new AtomicInteger();

    public InstantiationProbe() {
        MADE.incrementAndGet();
    }

    @Override
    public String toString() {
        return "probe";
    }
}
