package io.waymark.processor;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * A {@link TracepointProcessor} whose filer records the source files it creates, with their originating
 * elements: a failed {@link com.google.testing.compile.Compilation} does not expose its generated files,
 * and none exposes originating elements.
 */
final class RecordingProcessor implements Processor {

    private final Processor delegate = new TracepointProcessor();
    private final List<String> createdSources = new ArrayList<>();
    private final Map<String, List<Element>> origins = new HashMap<>();

    /** The qualified names of the source files the processor created, in order. */
    List<String> createdSources() {
        return List.copyOf(createdSources);
    }

    /** The originating elements the processor gave for the source file {@code name}. */
    List<Element> originatingElements(String name) {
        return origins.get(name);
    }

    @Override
    public void init(ProcessingEnvironment env) {
        Filer filer = env.getFiler();
        Filer recording = new Filer() {
            @Override
            public JavaFileObject createSourceFile(CharSequence name, Element... originatingElements) throws IOException {
                createdSources.add(name.toString());
                origins.put(name.toString(), List.of(originatingElements));
                return filer.createSourceFile(name, originatingElements);
            }

            @Override
            public JavaFileObject createClassFile(CharSequence name, Element... originatingElements) throws IOException {
                return filer.createClassFile(name, originatingElements);
            }

            @Override
            public FileObject createResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
                    CharSequence relativeName, Element... originatingElements) throws IOException {
                return filer.createResource(location, moduleAndPkg, relativeName, originatingElements);
            }

            @Override
            public FileObject getResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
                    CharSequence relativeName) throws IOException {
                return filer.getResource(location, moduleAndPkg, relativeName);
            }
        };
        delegate.init((ProcessingEnvironment) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ProcessingEnvironment.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getFiler")) {
                        return recording;
                    }
                    try {
                        return method.invoke(env, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }

    @Override
    public Set<String> getSupportedOptions() {
        return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        return delegate.process(annotations, round);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
            ExecutableElement member, String userText) {
        return delegate.getCompletions(element, annotation, member, userText);
    }
}
