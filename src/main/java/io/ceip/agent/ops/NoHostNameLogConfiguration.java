package io.ceip.agent.ops;

import java.util.Map;

import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfiguration;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;

/**
 * Log4j's reading of {@code log4j2.properties}, with its {@code hostName} context property set beforehand, so that
 * Log4j does not ask the resolver for this machine's name when it starts ({@code NetUtils.getLocalHostname()} is
 * called for any configuration lacking that property). The agent's layouts never show a host name: off means
 * silent. Named by {@code log4j2.configurationFactory} in {@code log4j2.component.properties}.
 */
public final class NoHostNameLogConfiguration extends PropertiesConfigurationFactory {

    /** The {@code ${hostName}} of any layout: the agent never logs the machine's name. */
    static final String HOST_NAME = "-";

    @Override
    public PropertiesConfiguration getConfiguration(LoggerContext context, ConfigurationSource source) {
        PropertiesConfiguration configuration = super.getConfiguration(context, source);
        Map<String, String> properties = configuration.getComponent(Configuration.CONTEXT_PROPERTIES);
        properties.putIfAbsent("hostName", HOST_NAME);
        return configuration;
    }
}
