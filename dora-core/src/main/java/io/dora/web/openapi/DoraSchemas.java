package io.dora.web.openapi;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.media.Schema;

import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * JSON schemas of handler parameter and return types, made by swagger-core's {@link ModelConverters} in OpenAPI 3.1
 * mode, as springdoc makes those of controllers: records and beans become named component schemas (generic ones
 * named after their type arguments, {@code Page<User>} as {@code PageUser}), collections, maps and scalars are
 * written inline. Schemas follow the Jackson annotations on the types ({@code @JsonProperty}, {@code @JsonIgnore},
 * ...), which Jackson 3 shares with Jackson 2.
 * <p>
 * Collects the component schemas every resolved type refers to.
 */
final class DoraSchemas {

	private final ModelConverters converters;

	private final TypeFactory types = Json31.mapper().getTypeFactory();

	private final Map<String, Schema<?>> components = new TreeMap<>();

	DoraSchemas() {
		this(ModelConverters.getInstance(true));
	}

	DoraSchemas(ModelConverters converters) {
		this.converters = converters;
	}

	/**
	 * The schema of a type, a {@code $ref} for types that become components.
	 * @param type the type, generics resolved; a {@code CompletionStage}, {@code Future} or {@code Optional} stands
	 * for the value it holds
	 * @return the schema, or {@code null} for {@code void}
	 */
	Schema<?> schema(ResolvableType type) {
		ResolvableType value = valueType(type);
		if (isVoid(value)) {
			return null;
		}
		ResolvedSchema resolved = this.converters.resolveAsResolvedSchema(new AnnotatedType(javaType(value))
			.resolveAsRef(true));
		if (resolved == null || resolved.schema == null) {
			return new Schema<>();
		}
		if (resolved.referencedSchemas != null) {
			resolved.referencedSchemas.forEach(this.components::putIfAbsent);
		}
		return resolved.schema;
	}

	/** Every component schema the types resolved so far refer to, by name. */
	Map<String, Schema<?>> components() {
		return this.components;
	}

	/**
	 * A name for a type, for schemas derived from it: the simple names of the class and its type arguments, as
	 * swagger-core names generic types ({@code List<Order>} is {@code ListOrder}, {@code long} is {@code Long}).
	 */
	static String typeName(ResolvableType type) {
		ResolvableType value = valueType(type);
		if (isVoid(value)) {
			return "Void";
		}
		if (value.isArray()) {
			return typeName(value.getComponentType()) + "Array";
		}
		Class<?> raw = ClassUtils.resolvePrimitiveIfNecessary(value.toClass());
		return raw.getSimpleName() + Arrays.stream(value.getGenerics())
			.map(DoraSchemas::typeName)
			.collect(Collectors.joining());
	}

	/** The type of the value a handler's result carries: a stage's, future's or optional's content. */
	static ResolvableType valueType(ResolvableType type) {
		if (type == null) {
			return ResolvableType.forClass(void.class);
		}
		Class<?> raw = type.toClass();
		if (CompletionStage.class.isAssignableFrom(raw)) {
			return valueType(type.as(CompletionStage.class).getGeneric(0));
		}
		if (Future.class.isAssignableFrom(raw)) {
			return valueType(type.as(Future.class).getGeneric(0));
		}
		if (Optional.class.equals(raw)) {
			return valueType(type.getGeneric(0));
		}
		return type;
	}

	private static boolean isVoid(ResolvableType type) {
		Class<?> raw = type.toClass();
		return void.class.equals(raw) || Void.class.equals(raw);
	}

	/** The type in swagger-core's terms (a Jackson 2 type), with every generic resolved, unresolved ones as Object. */
	private JavaType javaType(ResolvableType type) {
		if (type.isArray()) {
			return this.types.constructArrayType(javaType(type.getComponentType()));
		}
		Class<?> raw = type.toClass();
		ResolvableType[] generics = type.getGenerics();
		if (generics.length == 0 || raw.getTypeParameters().length != generics.length) {
			return this.types.constructType(raw);
		}
		JavaType[] arguments = new JavaType[generics.length];
		for (int i = 0; i < generics.length; i++) {
			arguments[i] = javaType(generics[i]);
		}
		return this.types.constructParametricType(raw, arguments);
	}

}
