package io.dora.web.openapi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code @DoraApi} path as an OpenAPI path template. An exact name is its own template; each part of a Spring
 * {@code PathPattern} that matches a variable piece of the name becomes a template variable:
 * <table>
 * <caption>Pattern syntax and template variables</caption>
 * <tr><th>pattern</th><th>template</th><th>the variable holds</th></tr>
 * <tr><td>{@code {id}}, {@code {id:[0-9]+}}</td><td>{@code {id}}</td><td>one segment (matching the regex)</td></tr>
 * <tr><td>{@code *}</td><td>{@code {wildcard}}</td><td>characters within one segment</td></tr>
 * <tr><td>{@code ?}</td><td>{@code {char}}</td><td>one character</td></tr>
 * <tr><td>{@code **}, {@code {*rest}}</td><td>{@code {path}}, {@code {rest}}</td><td>the rest of the name, which may
 * contain {@code /}</td></tr>
 * </table>
 *
 * @param template the template, such as {@code /module_a/{path}}
 * @param variables the template's variables, in order
 * @param key the template with every variable name removed: two templates with the same key match the same URLs
 */
record ApiPathTemplate(String template, List<Variable> variables, String key) {

	static ApiPathTemplate of(String path) {
		StringBuilder template = new StringBuilder();
		StringBuilder key = new StringBuilder();
		List<Variable> variables = new ArrayList<>();
		Set<String> names = new HashSet<>();
		int i = 0;
		while (i < path.length()) {
			char c = path.charAt(i);
			Variable variable;
			if (c == '{') {
				int end = closingBrace(path, i);
				variable = capture(path.substring(i + 1, end));
				i = end + 1;
			}
			else if (c == '*' && path.startsWith("**", i)) {
				variable = new Variable("path", Kind.REST, null);
				i += 2;
			}
			else if (c == '*') {
				variable = new Variable("wildcard", Kind.WITHIN_SEGMENT, null);
				i++;
			}
			else if (c == '?') {
				variable = new Variable("char", Kind.ONE_CHARACTER, null);
				i++;
			}
			else {
				template.append(c);
				key.append(c);
				i++;
				continue;
			}
			variable = variable.named(unique(variable.name(), names));
			variables.add(variable);
			template.append('{').append(variable.name()).append('}');
			key.append("{}");
		}
		return new ApiPathTemplate(template.toString(), List.copyOf(variables), key.toString());
	}

	/** The index of the brace closing the one at {@code start}; regexes may hold braces of their own. */
	private static int closingBrace(String path, int start) {
		int depth = 0;
		for (int i = start; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '\\') {
				i++;
			}
			else if (c == '{') {
				depth++;
			}
			else if (c == '}' && --depth == 0) {
				return i;
			}
		}
		throw new IllegalArgumentException("Unclosed '{' in " + path);
	}

	private static Variable capture(String body) {
		if (body.startsWith("*")) {
			return new Variable(body.substring(1), Kind.REST, null);
		}
		int colon = body.indexOf(':');
		if (colon < 0) {
			return new Variable(body, Kind.SEGMENT, null);
		}
		return new Variable(body.substring(0, colon), Kind.SEGMENT, body.substring(colon + 1));
	}

	private static String unique(String name, Set<String> taken) {
		String candidate = name;
		for (int n = 2; !taken.add(candidate); n++) {
			candidate = name + n;
		}
		return candidate;
	}

	/** Whether the path has pattern syntax, so that the template has variables. */
	boolean isPattern() {
		return !this.variables.isEmpty();
	}

	/** What a template variable matches. */
	enum Kind {

		/** One path segment: {@code {id}}. */
		SEGMENT,

		/** Zero or more characters within one segment: {@code *}. */
		WITHIN_SEGMENT,

		/** Exactly one character: {@code ?}. */
		ONE_CHARACTER,

		/** The rest of the name, slashes included: {@code **} or {@code {*rest}}. */
		REST

	}

	/**
	 * One variable of the template.
	 *
	 * @param name its name in the template
	 * @param kind what it matches
	 * @param regex the regex a {@code {name:regex}} capture must match, else {@code null}
	 */
	record Variable(String name, Kind kind, String regex) {

		Variable named(String newName) {
			return new Variable(newName, this.kind, this.regex);
		}

	}

}
