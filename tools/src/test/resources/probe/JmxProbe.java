import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Run as a single source file by another user (AttachJarIT): connects to a JMX service URL and reads the Waymark
 * MXBean's version; prints "connected ..." or "refused ...".
 */
public class JmxProbe {
    public static void main(String[] args) {
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(args[0]))) {
            System.out.println("connected: " + connector.getMBeanServerConnection()
                    .getAttribute(new ObjectName("io.waymark:type=Tracing"), "Version"));
        } catch (Exception e) {
            System.out.println("refused: " + e);
        }
    }
}
