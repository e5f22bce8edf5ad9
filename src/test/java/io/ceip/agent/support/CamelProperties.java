package io.ceip.agent.support;

import java.nio.file.Path;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** Camel's properties component as the agent sets it up: a configuration file over a test's defaults file. */
public final class CamelProperties {

    private CamelProperties() {
    }

    public static PropertiesComponent over(Path file, Path defaults) {
        CamelContext context = new DefaultCamelContext(false);
        context.build();
        PropertiesComponent properties = context.getPropertiesComponent();
        properties.setLocation("file:" + file + ",file:" + defaults);
        return properties;
    }
}
