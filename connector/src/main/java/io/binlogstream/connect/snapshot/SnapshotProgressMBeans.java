package io.binlogstream.connect.snapshot;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers snapshot progress MBeans in the platform MBean server under
 * {@code io.binlogstream:type=snapshot,context=<topic.prefix>,task=<task id>}.
 *
 * <p>A name may already be taken: by the previous instance of the same task in this JVM, when Connect started the new
 * one before the old one stopped (a restart after an unclean shutdown), or by a task that failed without being
 * stopped. The newer registration replaces the older one, and an owner unregisters a name only while it still holds
 * it, so the old task's late stop cannot remove the new task's MBean. JMX failures are logged, never thrown: progress
 * figures must not stop a snapshot.
 */
final class SnapshotProgressMBeans {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotProgressMBeans.class);
    static final String DOMAIN = "io.binlogstream";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._-]+");
    /** Which object registered each name; guarded by the class lock (with the MBean server calls it spans). */
    private static final Map<ObjectName, Object> OWNERS = new HashMap<>();

    private SnapshotProgressMBeans() {
    }

    static ObjectName name(String context, String task) {
        try {
            return new ObjectName(DOMAIN + ":type=snapshot,context=" + value(context) + ",task=" + value(task));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException("No MBean name for context " + context + ", task " + task, e);
        }
    }

    /** topic.prefix only allows letters, digits, '.', '_' and '-', which need no quoting; anything else is quoted. */
    private static String value(String value) {
        return PLAIN.matcher(value).matches() ? value : ObjectName.quote(value);
    }

    static synchronized void register(ObjectName name, SnapshotProgressMXBean bean) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            if (server.isRegistered(name)) {
                LOG.info("Replacing the snapshot progress MBean {} left by an earlier instance of the task", name);
                server.unregisterMBean(name);
            }
            server.registerMBean(bean, name);
            OWNERS.put(name, bean);
        } catch (JMException | RuntimeException e) {
            LOG.warn("Cannot register the snapshot progress MBean {}: {}", name, e.toString());
        }
    }

    /** Unregisters the name if {@code bean} still holds it. */
    static synchronized void unregister(ObjectName name, SnapshotProgressMXBean bean) {
        if (OWNERS.get(name) != bean) {
            return;
        }
        OWNERS.remove(name);
        try {
            ManagementFactory.getPlatformMBeanServer().unregisterMBean(name);
        } catch (JMException | RuntimeException e) {
            LOG.debug("Unregistering the snapshot progress MBean {}", name, e);
        }
    }
}
