package io.dora.web.openapi;

import java.lang.reflect.AnnotatedElement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dora.annotation.DoraApi;
import io.dora.handler.DoraApiMethod;
import io.dora.handler.DoraApiRegistry;
import io.dora.web.DoraHttpController;
import io.dora.web.openapi.ApiPathTemplate.Variable;
import io.dora.web.openapi.CallFailures.Failure;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;

/**
 * The OpenAPI 3.1 description of {@code POST <base-path>/call/<api>}, generated from the {@code @DoraApi} handlers:
 * one operation per handler path, with
 * <ul>
 * <li>the path as an {@linkplain ApiPathTemplate OpenAPI path template} (patterns' variable parts as path
 * parameters);</li>
 * <li>the request body's schema from the handler's parameter type, the {@code 200} reply's {@code data} from its
 * return type (a {@code CompletionStage<T>} as {@code T}), generics resolved ({@link DoraSchemas});</li>
 * <li>every failure the endpoint can answer, by HTTP status, with its Dora codes listed in the description and in
 * the extension {@value #CODES_EXTENSION};</li>
 * <li>the {@value #SIGNATURE_HEADER} header as the security scheme {@value #SIGNATURE_SCHEME} when the provider runs
 * only signed requests;</li>
 * <li>the {@link DoraApi#description()} of the handler.</li>
 * </ul>
 * Operation ids come from the API paths ({@code /user/get} is {@code user_get}, {@code /user/{id}} is
 * {@code user_id}), tags from their first segment, so generated clients get one class per module. Names not
 * starting with {@code /} cannot be called through {@code /call} and are left out; of two patterns with the same
 * template the more specific one is described, as it is the one that serves the names both match.
 */
public final class DoraOpenApiGenerator {

	/** Name of the security scheme of signed requests. */
	public static final String SIGNATURE_SCHEME = "doraSignature";

	/** Extension listing the Dora codes of a failure response. */
	public static final String CODES_EXTENSION = "x-dora-codes";

	/** Extension with the handler's path or pattern on each operation. */
	public static final String API_EXTENSION = "x-dora-api";

	/** Schema of every failure body. */
	public static final String FAILURE_SCHEMA = "DoraFailure";

	static final String SIGNATURE_HEADER = "X-Dora-Signature";

	private static final Log logger = LogFactory.getLog(DoraOpenApiGenerator.class);

	private final DoraApiRegistry registry;

	private final String callPath;

	private final boolean signedRequestsOnly;

	/**
	 * @param registry the handlers to describe
	 * @param basePath the HTTP endpoint's base path, normalised ({@code ""} or {@code /dora})
	 * @param signedRequestsOnly whether the provider runs only signed requests ({@code dora.security.keys})
	 */
	public DoraOpenApiGenerator(DoraApiRegistry registry, String basePath, boolean signedRequestsOnly) {
		this.registry = registry;
		this.callPath = basePath + "/call";
		this.signedRequestsOnly = signedRequestsOnly;
	}

	/** A new document describing the APIs, with the given title and version. */
	public OpenAPI generate(String title, String version) {
		OpenAPI openApi = new OpenAPI(SpecVersion.V31).openapi("3.1.0")
			.info(new Info().title(title)
				.version(version)
				.description("Dora APIs: `POST " + this.callPath + "/<api>` with the API's parameter as JSON body. "
						+ "The reply is `{guid, code, msg, data}`, `data` being the API's result, and its HTTP status "
						+ "tells the outcome class."));
		contributeTo(openApi);
		return openApi;
	}

	/** Adds the APIs' operations, schemas and security scheme to a document, such as springdoc's. */
	public void contributeTo(OpenAPI openApi) {
		DoraSchemas schemas = new DoraSchemas();
		Map<String, Schema<?>> components = new LinkedHashMap<>();
		components.put(FAILURE_SCHEMA, failureSchema());
		Map<String, PathItem> operations = new LinkedHashMap<>();
		Set<String> templates = new HashSet<>();
		Set<String> operationIds = new HashSet<>();
		for (DoraApiMethod handler : this.registry.handlers()) {
			if (!handler.path().startsWith("/")) {
				continue;
			}
			ApiPathTemplate template = ApiPathTemplate.of(handler.path());
			if (!templates.add(template.key())) {
				logger.debug("OpenAPI: " + handler + " has the template of a more specific pattern; left out");
				continue;
			}
			Operation operation = operation(handler, template, schemas, components);
			operation.operationId(unique(operationId(template), operationIds));
			operations.put(this.callPath + template.template(), new PathItem().post(operation));
		}
		components.putAll(schemas.components());
		if (openApi.getPaths() == null) {
			openApi.paths(new Paths());
		}
		operations.forEach(openApi.getPaths()::addPathItem);
		if (openApi.getComponents() == null) {
			openApi.components(new Components());
		}
		components.forEach(openApi.getComponents()::addSchemas);
		if (this.signedRequestsOnly) {
			openApi.getComponents().addSecuritySchemes(SIGNATURE_SCHEME, signatureScheme());
		}
	}

	private Operation operation(DoraApiMethod handler, ApiPathTemplate template, DoraSchemas schemas,
			Map<String, Schema<?>> components) {
		Operation operation = new Operation().summary(handler.path()).addTagsItem(tag(template));
		operation.addExtension(API_EXTENSION, handler.path());
		String description = description(handler, template);
		if (StringUtils.hasText(description)) {
			operation.description(description);
		}
		for (Variable variable : template.variables()) {
			operation.addParametersItem(pathParameter(variable));
		}
		operation.addParametersItem(new HeaderParameter().name(DoraHttpController.TIMEOUT_HEADER)
			.description("Deadline of the call in milliseconds; without it, dora.server.http.timeout applies.")
			.required(false)
			.schema(new IntegerSchema().format("int32").minimum(BigDecimal.ONE)));
		Schema<?> param = paramSchema(handler, schemas);
		if (param != null) {
			operation.requestBody(new RequestBody().required(true)
				.description("The API's parameter.")
				.content(json(param)));
		}
		operation.responses(responses(handler, schemas, components));
		if (this.signedRequestsOnly) {
			operation.addSecurityItem(new SecurityRequirement().addList(SIGNATURE_SCHEME));
		}
		return operation;
	}

	/**
	 * The schema of the call's param: the parameter's type, or for a handler binding several parameters by name
	 * an object with one property per parameter (primitives required).
	 */
	private static Schema<?> paramSchema(DoraApiMethod handler, DoraSchemas schemas) {
		if (handler.namedParameters().isEmpty()) {
			return (handler.paramType() != null) ? schemas.schema(handler.paramType()) : null;
		}
		ObjectSchema object = new ObjectSchema();
		for (DoraApiMethod.NamedParameter parameter : handler.namedParameters()) {
			Schema<?> schema = schemas.schema(parameter.type());
			object.addProperty(parameter.name(), (schema != null) ? schema : new Schema<>());
			if (parameter.type().resolve(Object.class).isPrimitive()) {
				object.addRequiredItem(parameter.name());
			}
		}
		return object;
	}

	private ApiResponses responses(DoraApiMethod handler, DoraSchemas schemas, Map<String, Schema<?>> components) {
		String resultName = "DoraResult" + DoraSchemas.typeName(handler.returnType());
		components.computeIfAbsent(resultName, (name) -> resultSchema(schemas.schema(handler.returnType())));
		ApiResponses responses = new ApiResponses().addApiResponse("200",
				new ApiResponse().description("The API succeeded: `code` is 0 and `data` its result.")
					.content(json(new Schema<>().$ref(ref(resultName)))));
		CallFailures.byStatus(this.signedRequestsOnly).forEach((status, failure) -> responses
			.addApiResponse(String.valueOf(status.value()), failureResponse(status, failure)));
		return responses;
	}

	private static ApiResponse failureResponse(HttpStatus status, Failure failure) {
		ApiResponse response = new ApiResponse().description(status.getReasonPhrase() + ":\n\n" + failure.description())
			.content(json(new Schema<>().$ref(ref(FAILURE_SCHEMA))));
		if (!failure.codes().isEmpty()) {
			response.addExtension(CODES_EXTENSION, List.copyOf(failure.codes()));
		}
		return response;
	}

	private static Schema<?> resultSchema(Schema<?> data) {
		Schema<?> result = envelope("The reply of a call that ran: the API's result.");
		if (data != null) {
			result.addProperty("data", data);
		}
		return result;
	}

	private static Schema<?> failureSchema() {
		return envelope("The reply of a call that failed: `code` says why, `data` is null.")
			// Not {"type": "null"}: generators such as openapi-generator's python ones cannot make a field of it.
			.addProperty("data", new Schema<>().description("Always null: the call has no result."));
	}

	private static Schema<?> envelope(String description) {
		return new ObjectSchema().description(description)
			.addProperty("guid", new StringSchema().description("The call's guid; the provider logs it."))
			.addProperty("code", new IntegerSchema().format("int32")
				.description("0 on success, otherwise the Dora code of the failure (see the responses)."))
			.addProperty("msg", new StringSchema().description("`OK`, or what went wrong."))
			.required(new ArrayList<>(List.of("guid", "code", "msg")));
	}

	private static Parameter pathParameter(Variable variable) {
		StringSchema schema = new StringSchema();
		String description = switch (variable.kind()) {
			case SEGMENT -> "One segment of the API name.";
			case WITHIN_SEGMENT -> "Any characters within one segment of the API name.";
			case ONE_CHARACTER -> "One character of the API name.";
			case REST -> "The rest of the API name; it may contain `/`. Generated clients percent-encode a `/` in a "
					+ "path parameter, which the servlet container refuses: let yours keep `/` (Python: "
					+ "`configuration.safe_chars_for_path_param = '/'`) to call names with several segments.";
		};
		if (variable.regex() != null) {
			schema.pattern("^" + variable.regex() + "$");
		}
		if (variable.kind() == ApiPathTemplate.Kind.ONE_CHARACTER) {
			schema.minLength(1).maxLength(1);
		}
		return new PathParameter().name(variable.name()).description(description).required(true).schema(schema);
	}

	private static String description(DoraApiMethod handler, ApiPathTemplate template) {
		AnnotatedElement element = handler.annotatedElement();
		DoraApi api = AnnotatedElementUtils.findMergedAnnotation(element, DoraApi.class);
		String own = (api != null) ? api.description() : "";
		if (!template.isPattern()) {
			return own;
		}
		String pattern = "Serves every name matching the pattern `" + handler.path()
				+ "` (an exact name or a more specific pattern wins over it).";
		return StringUtils.hasText(own) ? own + "\n\n" + pattern : pattern;
	}

	/** The first segment of the name, when it is a plain word; generated clients make a class of each tag. */
	private static String tag(ApiPathTemplate template) {
		String first = template.template().substring(1).split("/", 2)[0];
		return (first.isEmpty() || first.contains("{")) ? "default" : first;
	}

	private static String operationId(ApiPathTemplate template) {
		List<String> words = new ArrayList<>();
		for (String segment : template.template().split("/")) {
			String word = segment.replaceAll("[^A-Za-z0-9]+", "_");
			word = word.replaceAll("^_+|_+$", "");
			if (!word.isEmpty()) {
				words.add(word);
			}
		}
		return words.isEmpty() ? "root" : String.join("_", words);
	}

	private static String unique(String id, Set<String> taken) {
		String candidate = id;
		for (int n = 2; !taken.add(candidate); n++) {
			candidate = id + "_" + n;
		}
		return candidate;
	}

	private static SecurityScheme signatureScheme() {
		return new SecurityScheme().type(SecurityScheme.Type.APIKEY)
			.in(SecurityScheme.In.HEADER)
			.name(SIGNATURE_HEADER)
			.description("This provider runs only signed requests: `key=<key id>, aud=<audience>, ts=<milliseconds since "
					+ "the epoch>, mac=<hex HMAC-SHA256>`, the MAC computed with the key's secret over the method, path, "
					+ "query, Content-Type, X-Dora-Timeout, key id, audience and ts, one per line, followed by the raw "
					+ "body, as docs/http.md (section Security) describes. The audience is a group of the provider or "
					+ "the address the request is sent to; each signature is accepted once. Requests without a valid "
					+ "signature are answered 401 with code 100005.");
	}

	private static Content json(Schema<?> schema) {
		return new Content().addMediaType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
				new MediaType().schema(schema));
	}

	private static String ref(String component) {
		return "#/components/schemas/" + component;
	}

}
