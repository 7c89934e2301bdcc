package io.binlogstream.testkit;

import java.io.IOException;

import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;

/**
 * The MBeans of another JVM on this machine run by the same user, such as a Connect worker's metrics, read over
 * JMX. The JDK's attach API starts the target's local management agent, so the worker needs no JMX port or flag of
 * its own.
 */
public final class JvmMBeans implements AutoCloseable {
    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private JvmMBeans(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /** Attaches to the JVM of process {@code pid}. */
    public static JvmMBeans attach(long pid) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(Long.toString(pid));
        } catch (AttachNotSupportedException e) {
            throw new IOException("Cannot attach to the JVM of pid " + pid + ": " + e.getMessage(), e);
        }
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
            try {
                return new JvmMBeans(connector);
            } catch (IOException | RuntimeException e) {
                try {
                    connector.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        } finally {
            vm.detach();
        }
    }

    /** The attribute's value, or null while no MBean of that name is registered. */
    public Object attribute(String objectName, String attribute) throws IOException, JMException {
        ObjectName name = new ObjectName(objectName);
        return server.isRegistered(name) ? server.getAttribute(name, attribute) : null;
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
