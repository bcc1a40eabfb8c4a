package io.waymark.core;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a class file says about linking, read from its bytes (Java 17 has no class-file API): the members its
 * constant pool references ({@code Fieldref}, {@code Methodref}, {@code InterfaceMethodref}), and the members it
 * declares with the class-retention annotations on each ({@code RuntimeInvisibleAnnotations}).
 */
final class ClassFileRefs {

    /** A member reference or declaration: owner (internal name), name, descriptor. */
    record Member(String owner, String name, String descriptor) {
        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name + descriptor;
        }
    }

    final String name;
    final List<Member> references = new ArrayList<>();
    /** Declared fields and methods, with the descriptors of their class-retention annotations. */
    final Map<Member, Set<String>> declared = new HashMap<>();

    private final Object[] pool;

    private ClassFileRefs(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        pool = new Object[count];
        int[][] refs = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // eight-byte constants take two entries
                }
                case 7, 8, 16, 19, 20 -> pool[i] = new int[] {tag, in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> pool[i] = refs[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("constant pool tag " + tag + " at " + i);
            }
        }
        for (int[] ref : refs) {
            if (ref != null && ref[0] >= 9 && ref[0] <= 11) {
                int[] nameAndType = (int[]) pool[ref[2]];
                references.add(new Member(className(ref[1]), utf(nameAndType[1]), utf(nameAndType[2])));
            }
        }
        in.readUnsignedShort(); // access
        name = className(in.readUnsignedShort());
        in.readUnsignedShort(); // super
        in.skipBytes(2 * in.readUnsignedShort()); // interfaces
        for (int kind = 0; kind < 2; kind++) { // fields, then methods
            int members = in.readUnsignedShort();
            for (int m = 0; m < members; m++) {
                in.readUnsignedShort();
                Member member = new Member(name, utf(in.readUnsignedShort()), utf(in.readUnsignedShort()));
                Set<String> annotations = new HashSet<>();
                int attributes = in.readUnsignedShort();
                for (int a = 0; a < attributes; a++) {
                    String attribute = utf(in.readUnsignedShort());
                    byte[] body = in.readNBytes(in.readInt());
                    if (attribute.equals("RuntimeInvisibleAnnotations")) {
                        DataInputStream annotationsIn = new DataInputStream(new ByteArrayInputStream(body));
                        int n = annotationsIn.readUnsignedShort();
                        for (int k = 0; k < n; k++) {
                            annotations.add(annotation(annotationsIn));
                        }
                    }
                }
                declared.put(member, annotations);
            }
        }
    }

    static ClassFileRefs read(byte[] bytes) {
        try {
            return new ClassFileRefs(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable class file: " + e.getMessage(), e);
        }
    }

    private String utf(int index) {
        return (String) pool[index];
    }

    private String className(int index) {
        return utf(((int[]) pool[index])[1]);
    }

    /** Reads one annotation; returns its type descriptor. */
    private String annotation(DataInputStream in) throws IOException {
        String type = utf(in.readUnsignedShort());
        int pairs = in.readUnsignedShort();
        for (int i = 0; i < pairs; i++) {
            in.readUnsignedShort();
            skipValue(in);
        }
        return type;
    }

    private void skipValue(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 'e' -> in.skipBytes(4);
            case '@' -> annotation(in);
            case '[' -> {
                int n = in.readUnsignedShort();
                for (int i = 0; i < n; i++) {
                    skipValue(in);
                }
            }
            default -> in.skipBytes(2); // a constant or a class
        }
    }
}
