; Kotlin: yields
;   package      the package header (a one-line sibling of the declarations)
;   class        classes (data, sealed, abstract, inner, value, annotation)
;   interface    interfaces and `fun interface`s
;   enum         enum classes; their entries are enum_member
;   object       object declarations and companion objects; an unnamed
;                companion is named `companion` (its keyword)
;   function     functions (methods inside classes/objects, nested functions
;                under their function); an extension function's container is
;                its receiver type (`fun List<T>.second()` -> in List,
;                `fun Foo?.bar()` -> in Foo)
;   constructor  secondary constructors (named `constructor`); the primary
;                constructor is the class header itself
;   property     class/object properties, `val`/`var` primary-constructor
;                parameters, extension properties (container = receiver type)
;   variable     top-level properties (each name of `val (a, b) = ...`), except
;                extension properties, which are property
;   constant     `const val`
;   type         typealias
; Ranges include annotations and modifiers; details leave out bodies, getters,
; delegates and initial values (`val display: String`).
;
; Left out on purpose: object literals (`object : Runnable { ... }`) get no
; symbol of their own (no name); their functions appear under the enclosing
; declaration.  Locals, lambdas, init blocks, getters/setters, imports and
; the file annotation are not symbols.
; Later patterns win over earlier ones for the same name and range.

(package_header (identifier) @name) @definition.package

; ---- types
(class_declaration
  (type_identifier) @name [(class_body) (enum_class_body)]? @body) @definition.class
(class_declaration
  "interface" (type_identifier) @name (class_body)? @body) @definition.interface
(class_declaration
  "enum" (type_identifier) @name (enum_class_body)? @body) @definition.enum

(object_declaration (type_identifier) @name (class_body)? @body) @definition.object
(companion_object (type_identifier) @name (class_body)? @body) @definition.object
; unnamed companions: `companion object`, `companion object { }`, `companion object : T`
(companion_object "companion" @name "object" . (class_body) @body) @definition.object
(companion_object "companion" @name "object" .) @definition.object
(companion_object "companion" @name "object" . ":") @definition.object

(enum_entry (simple_identifier) @name (class_body)? @body) @definition.enum_member

(type_alias (type_identifier) @name) @definition.type

; ---- functions and constructors
(function_declaration
  (receiver_type [(user_type) @container (nullable_type (user_type) @container)])?
  (simple_identifier) @name
  (function_body)? @body) @definition.function
(secondary_constructor "constructor" @name) @definition.constructor
; functions of object literals and enum entry bodies are methods
(object_literal
  (class_body
    (function_declaration
      (receiver_type [(user_type) @container (nullable_type (user_type) @container)])?
      (simple_identifier) @name
      (function_body)? @body) @definition.method))
(enum_entry
  (class_body
    (function_declaration
      (receiver_type [(user_type) @container (nullable_type (user_type) @container)])?
      (simple_identifier) @name
      (function_body)? @body) @definition.method))

; ---- properties
; `val`/`var` constructor parameters are properties
(class_parameter (binding_pattern_kind) (simple_identifier) @name) @definition.property

(class_body
  (property_declaration
    (receiver_type [(user_type) @container (nullable_type (user_type) @container)])?
    (variable_declaration (simple_identifier) @name)
    ["=" (property_delegate) (getter) (setter)]? @body) @definition.property)
(enum_class_body
  (property_declaration
    (receiver_type [(user_type) @container (nullable_type (user_type) @container)])?
    (variable_declaration (simple_identifier) @name)
    ["=" (property_delegate) (getter) (setter)]? @body) @definition.property)
(source_file
  (property_declaration
    (receiver_type [(user_type) @container (nullable_type (user_type) @container)])?
    (variable_declaration (simple_identifier) @name)
    ["=" (property_delegate) (getter) (setter)]? @body) @definition.variable)
; top-level extension properties are properties (they have no storage)
(source_file
  (property_declaration
    (receiver_type [(user_type) @container (nullable_type (user_type) @container)])
    (variable_declaration (simple_identifier) @name)
    ["=" (property_delegate) (getter) (setter)]? @body) @definition.property)
(source_file
  (property_declaration
    (multi_variable_declaration (variable_declaration (simple_identifier) @name) @definition.variable)))
; a syntax error high in the file can make the root (or a class body) an ERROR
; node: keep the properties it holds
(ERROR
  (property_declaration
    (receiver_type [(user_type) @container (nullable_type (user_type) @container)])?
    (variable_declaration (simple_identifier) @name)
    ["=" (property_delegate) (getter) (setter)]? @body) @definition.variable)

; const val (top level or in an object)
(property_declaration
  (modifiers (property_modifier))
  (variable_declaration (simple_identifier) @name)
  "="? @body) @definition.constant
