; Scala 2 and 3: yields
;   package      `package a.b` (a one-line sibling of what follows) and
;                `package a { ... }` (its members nested)
;   class        classes and case classes
;   interface    traits
;   object       objects, case objects, package objects, named `given ... with`
;                instances
;   enum         Scala 3 enums; their cases are enum_member
;   function     defs, abstract defs (methods inside classes/traits/objects,
;                nested defs under their def); an extension method's container
;                is the extended type (`extension (s: String) def shout` -> in
;                String)
;   constructor  auxiliary constructors (`def this(...)`)
;   field        val/var members of classes, traits and objects, `val`/`var`
;                class parameters and all case class parameters
;   variable     top-level (Scala 3) and package-level val/var, named alias
;                givens (`given ord: Ordering[Int] = ...`)
;   constant     vals named in UpperCamelCase (`val MaxSize = 100`), the Scala
;                style for constants
;   type         type aliases and abstract type members, opaque types
; Ranges include annotations and modifiers; details leave out bodies and
; initial values (`def area: Double`, `private lazy val cache`).
;
; Left out on purpose: anonymous givens (no name), anonymous classes
; (`new T { ... }`: their defs show under the enclosing member), locals
; (vals/vars are only taken directly in a template, package or file body, so
; a val inside a block initializer or a lambda is not a field), imports.
; `val a, b = 0` and `val (a, b) = ...` give each name its own range (equal
; ranges would nest one name under the other).
; Later patterns win over earlier ones for the same name and range.

(package_clause name: (package_identifier) @name) @definition.package

; ---- types
(class_definition name: (_) @name) @definition.class
(trait_definition name: (_) @name) @definition.trait
(object_definition name: (_) @name) @definition.object
(package_object name: (_) @name) @definition.object
(enum_definition name: (_) @name) @definition.enum

(simple_enum_case name: (identifier) @name) @definition.enum_member
(full_enum_case name: (identifier) @name) @definition.enum_member

(type_definition name: (type_identifier) @name) @definition.type

; class parameters that are fields: `val`/`var` ones, and every parameter of
; a case class
(class_parameter ["val" "var"] name: (identifier) @name) @definition.field
(class_definition
  "case"
  class_parameters: (class_parameters (class_parameter name: (identifier) @name) @definition.field))

; ---- defs
(function_definition name: (_) @name) @definition.function
(function_declaration name: (_) @name) @definition.function
(function_definition name: (identifier) @name (#eq? @name "this")) @definition.constructor
; defs of anonymous classes (`new Runnable { def run() = ... }`) are methods
(instance_expression
  (template_body
    [(function_definition name: (_) @name) (function_declaration name: (_) @name)] @definition.method))

; (the grammar gives each def of the extension the `body` field; a field
; constraint only sees the first of them, so the defs are matched unfielded)
(extension_definition
  parameters: (parameters (parameter type: (_) @container))
  [(function_definition name: (_) @name) (function_declaration name: (_) @name)] @definition.function)
(extension_definition
  parameters: (parameters (parameter type: (_) @container))
  (template_body
    [(function_definition name: (_) @name) (function_declaration name: (_) @name)] @definition.function))

; ---- vals and vars
; definitions only directly in a file, template, given or enum body, so a val
; in a block initializer or a lambda is not taken for a field (variables
; become fields inside classes, traits and objects).  These patterns hold a
; query state for their whole parent node: keep them few and small.
(compilation_unit
  [(val_definition pattern: (identifier) @name value: (_) @body)
   (var_definition pattern: (identifier) @name value: (_) @body)] @definition.variable)
(template_body
  [(val_definition pattern: (identifier) @name value: (_) @body)
   (var_definition pattern: (identifier) @name value: (_) @body)] @definition.variable)
(with_template_body
  [(val_definition pattern: (identifier) @name value: (_) @body)
   (var_definition pattern: (identifier) @name value: (_) @body)] @definition.variable)
(enum_body
  [(val_definition pattern: (identifier) @name value: (_) @body)
   (var_definition pattern: (identifier) @name value: (_) @body)] @definition.variable)

; abstract declarations exist only in templates; `val a, b: Int` gives each
; name its own range (equal ranges would nest one name under the other)
(val_declaration "val" . name: (identifier) @name . ":") @definition.variable
(var_declaration "var" . name: (identifier) @name . ":") @definition.variable
(val_declaration "," name: (identifier) @name @definition.variable)
(val_declaration name: (identifier) @name @definition.variable ",")
(var_declaration "," name: (identifier) @name @definition.variable)
(var_declaration name: (identifier) @name @definition.variable ",")

; `val a, b = 0` and `val (a, b) = ...`: each name its own range (rare enough
; in lambdas not to need the parent anchoring above; locals in defs are
; dropped by the engine)
(val_definition pattern: (identifiers (identifier) @name @definition.variable))
(val_definition pattern: (tuple_pattern (identifier) @name @definition.variable))
(var_definition pattern: (identifiers (identifier) @name @definition.variable))
(var_definition pattern: (tuple_pattern (identifier) @name @definition.variable))

; named alias givens: `given ord: Ordering[Int] = ...`
(given_definition name: (identifier) @name body: (_) @body) @definition.variable

; UpperCamelCase vals are constants (locals among them are dropped anyway)
(val_definition
  pattern: (identifier) @name value: (_) @body (#match? @name "^[A-Z]")) @definition.constant
(val_definition
  pattern: (identifiers (identifier) @name @definition.constant (#match? @name "^[A-Z]")))

; named `given ... with { ... }` instances are objects (after the alias-given
; variable patterns above, which match them too)
(given_definition name: (identifier) @name "with" @body body: (with_template_body)) @definition.object
