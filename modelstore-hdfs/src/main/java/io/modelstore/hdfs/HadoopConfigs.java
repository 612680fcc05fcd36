package io.modelstore.hdfs;

import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.io.File;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** The Hadoop configuration a store uses: the classpath's, a configuration directory's, then the store's settings. */
final class HadoopConfigs {

    private HadoopConfigs() {}

    /**
     * Loads {@code core-site.xml} and {@code hdfs-site.xml} from the classpath and from {@code confDir} (when given),
     * then applies {@code overrides} ({@code key=value,key=value}). A NameNode that does not answer is reported after
     * two connection attempts instead of Hadoop's default of ten a second apart, unless the configuration says
     * otherwise.
     */
    static Configuration load(String confDir, String overrides) {
        Configuration conf = new Configuration();
        conf.addResource("hdfs-default.xml");
        conf.addResource("hdfs-site.xml");
        if (confDir != null && !confDir.isBlank()) {
            File dir = new File(confDir);
            if (!dir.isDirectory()) {
                throw new StorageException(
                        Reason.INVALID_SETTINGS,
                        "The Hadoop configuration directory " + confDir
                                + " does not exist. Fix HADOOP_CONF_DIR or the setting conf-dir.",
                        "conf-dir",
                        null);
            }
            for (String name : new String[] {"core-site.xml", "hdfs-site.xml"}) {
                File file = new File(dir, name);
                if (file.isFile()) {
                    conf.addResource(new Path(file.toURI()));
                }
            }
        }
        defaultUnlessSet(conf, "ipc.client.connect.max.retries", "1");
        defaultUnlessSet(conf, "ipc.client.connect.max.retries.on.timeouts", "1");
        defaultUnlessSet(conf, "ipc.client.connect.retry.interval", "200");
        if (overrides != null && !overrides.isBlank()) {
            for (String pair : overrides.split(",", -1)) {
                if (pair.isBlank()) {
                    continue; // a,,b or a trailing comma
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new StorageException(
                            Reason.INVALID_SETTINGS,
                            "The Hadoop setting '" + pair + "' in conf is "
                                    + "not key=value. Give conf as key=value,key=value, such as dfs.replication=2.",
                            "conf",
                            null);
                }
                conf.set(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return conf;
    }

    private static void defaultUnlessSet(Configuration conf, String key, String value) {
        String[] sources = conf.getPropertySources(key);
        boolean onlyDefaults =
                sources == null || java.util.Arrays.stream(sources).allMatch(s -> s.endsWith("-default.xml"));
        if (onlyDefaults) {
            conf.set(key, value, "modelstore's default");
        }
    }
}
