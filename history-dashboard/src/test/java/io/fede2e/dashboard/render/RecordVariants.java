package io.fede2e.dashboard.render;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies of a record that differ from it in exactly one value, found by reflection over its
 * components and, inside them, over nested records and lists: a key written field by field is
 * checked against every component its records have, including ones added after the key was.
 */
final class RecordVariants {

    private RecordVariants() {
    }

    /** An equal copy of {@code record}, made through its canonical constructor. */
    static <T> T copy(T record) throws ReflectiveOperationException {
        RecordComponent[] rc = record.getClass().getRecordComponents();
        Object[] args = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            args[i] = rc[i].getAccessor().invoke(record);
        }
        return make(record.getClass(), args);
    }

    /** Every copy of {@code record} with one value changed, one component at a time. */
    static List<Object> variants(Object record) throws ReflectiveOperationException {
        RecordComponent[] rc = record.getClass().getRecordComponents();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < rc.length; i++) {
            Object value = rc[i].getAccessor().invoke(record);
            for (Object changed : changes(value, rc[i].getType())) {
                Object[] args = new Object[rc.length];
                for (int k = 0; k < rc.length; k++) {
                    args[k] = k == i ? changed : rc[k].getAccessor().invoke(record);
                }
                out.add(make(record.getClass(), args));
            }
        }
        return out;
    }

    private static List<Object> changes(Object value, Class<?> type) throws ReflectiveOperationException {
        List<Object> out = new ArrayList<>();
        if (type == String.class) {
            out.add(value + "x");
        } else if (type == int.class) {
            out.add((Integer) value + 1);
        } else if (type == long.class) {
            out.add((Long) value + 1);
        } else if (type == double.class) {
            out.add((Double) value + 0.25);
        } else if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            out.add(constants[(((Enum<?>) value).ordinal() + 1) % constants.length]);
        } else if (type.isRecord()) {
            out.addAll(variants(value));
        } else if (type == List.class) {
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                Object e = list.get(i);
                for (Object changed : e.getClass().isRecord() ? variants(e) : changes(e, e.getClass())) {
                    List<Object> copy = new ArrayList<>(list);
                    copy.set(i, changed);
                    out.add(copy);
                }
            }
            List<Object> longer = new ArrayList<>(list);
            longer.add(list.isEmpty() ? "x" : list.get(0));
            out.add(longer);
        } else {
            throw new IllegalArgumentException("no change known for values of " + type.getName());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static <T> T make(Class<?> type, Object[] args) throws ReflectiveOperationException {
        RecordComponent[] rc = type.getRecordComponents();
        Class<?>[] types = new Class<?>[rc.length];
        for (int i = 0; i < rc.length; i++) {
            types[i] = rc[i].getType();
        }
        Constructor<?> c = type.getDeclaredConstructor(types);
        c.setAccessible(true);
        return (T) c.newInstance(args);
    }
}
