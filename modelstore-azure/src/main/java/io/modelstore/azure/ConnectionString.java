package io.modelstore.azure;

import io.modelstore.spi.Endpoints;
import io.modelstore.spi.StorageException;
import io.modelstore.spi.StorageException.Reason;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks an Azure Storage connection string before the SDK sees it, so that a malformed one is reported by what
 * is missing, never by echoing the string (it holds the account key).
 */
final class ConnectionString {

    private static final String NOT_SHOWN = " (The connection string is not shown because it holds a secret.)";

    private final Map<String, String> parts;

    private ConnectionString(Map<String, String> parts) {
        this.parts = parts;
    }

    static ConnectionString parse(String value) {
        if (value == null || value.isBlank()) {
            throw new StorageException(
                    Reason.INVALID_SETTINGS,
                    "The Azure Storage connection string is empty. Set AZURE_STORAGE_CONNECTION_STRING "
                            + "to the connection string of your storage account (Azure portal: Storage account > Access keys; or "
                            + "'az storage account show-connection-string --name ACCOUNT').",
                    "connection-string",
                    null);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String segment : value.trim().split(";", -1)) {
            if (segment.isBlank()) {
                continue;
            }
            int eq = segment.indexOf('=');
            if (eq <= 0) {
                throw malformed("a part has no 'Name=value' form");
            }
            parts.put(
                    segment.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    segment.substring(eq + 1).trim());
        }
        ConnectionString cs = new ConnectionString(parts);
        if ("true".equalsIgnoreCase(parts.get("usedevelopmentstorage"))) {
            return cs;
        }
        boolean key = has(parts, "accountkey");
        boolean sas = has(parts, "sharedaccesssignature");
        if (!key && !sas) {
            throw malformed("it has neither AccountKey nor SharedAccessSignature");
        }
        if (key && !has(parts, "accountname")) {
            throw malformed("it has an AccountKey but no AccountName");
        }
        if (!has(parts, "blobendpoint") && !has(parts, "accountname")) {
            throw malformed("it has neither AccountName nor BlobEndpoint");
        }
        if (has(parts, "blobendpoint")) {
            // Shown in descriptions and errors (masked here): credentials go in AccountKey or SharedAccessSignature.
            Endpoints.requireNoUserInfo(
                    parts.get("blobendpoint"),
                    "The connection string's BlobEndpoint",
                    "connection-string",
                    "in the connection string's AccountKey or SharedAccessSignature");
            try {
                URI endpoint = URI.create(parts.get("blobendpoint"));
                if (endpoint.getScheme() == null || endpoint.getHost() == null) {
                    throw malformed("its BlobEndpoint is not a URL such as https://ACCOUNT.blob.core.windows.net");
                }
            } catch (IllegalArgumentException e) {
                throw malformed("its BlobEndpoint is not a URL such as https://ACCOUNT.blob.core.windows.net");
            }
        }
        return cs;
    }

    /** The account's name, for messages; never a secret. */
    String accountName() {
        if (has(parts, "accountname")) {
            return parts.get("accountname");
        }
        if ("true".equalsIgnoreCase(parts.get("usedevelopmentstorage"))) {
            return "devstoreaccount1";
        }
        String path = URI.create(parts.get("blobendpoint")).getHost();
        return path == null ? "?" : path.split("\\.", -1)[0];
    }

    /** Where blobs are served, for messages: the BlobEndpoint, or the account's default one. */
    String blobEndpoint() {
        if (has(parts, "blobendpoint")) {
            return parts.get("blobendpoint").replaceAll("/+$", "");
        }
        if ("true".equalsIgnoreCase(parts.get("usedevelopmentstorage"))) {
            return "http://127.0.0.1:10000/devstoreaccount1";
        }
        String protocol = parts.getOrDefault("defaultendpointsprotocol", "https");
        String suffix = parts.getOrDefault("endpointsuffix", "core.windows.net");
        return protocol + "://" + parts.get("accountname") + ".blob." + suffix;
    }

    private static boolean has(Map<String, String> parts, String key) {
        String v = parts.get(key);
        return v != null && !v.isEmpty();
    }

    private static StorageException malformed(String why) {
        return new StorageException(
                Reason.INVALID_SETTINGS,
                "The Azure Storage connection string is malformed: " + why
                        + ". Copy it again from the Azure portal (Storage account > Access keys > Connection string) or from "
                        + "'az storage account show-connection-string --name ACCOUNT'." + NOT_SHOWN,
                "connection-string",
                null);
    }

    @Override
    public String toString() {
        return "ConnectionString[account=" + accountName() + "]";
    }
}
