package io.fede2e.uploader.fakes;

import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import java.lang.reflect.Proxy;

/** A GCS {@link Storage} whose every call fails with one HTTP status, to test the error mapping. */
public final class FailingStorage {

    private FailingStorage() {
    }

    /** A Storage answering every call with {@code code} and {@code message}. */
    public static Storage failingWith(int code, String message) {
        return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "FailingStorage(" + code + ")"
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
                    }
                    throw new StorageException(code, message);
                });
    }
}
