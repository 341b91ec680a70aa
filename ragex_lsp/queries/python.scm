; Python: classes, functions (methods when inside a class), decorated
; definitions (range includes the decorators), module-level variables and
; constants (ALL_CAPS names), class attributes (fields), type aliases.
; Later patterns win over earlier ones for the same name.

(decorated_definition
  definition: (class_definition name: (identifier) @name)) @definition.class
(class_definition name: (identifier) @name) @definition.class

(decorated_definition
  definition: (function_definition name: (identifier) @name)) @definition.function
(function_definition name: (identifier) @name) @definition.function

; module-level assignments: NAME = ..., NAME: T = ...
(module (assignment left: (identifier) @name) @definition.variable)
(module
  (assignment left: (identifier) @name (#match? @name "^_*[A-Z][A-Z0-9_]*$")) @definition.constant)

; class attributes
(class_definition
  body: (block (assignment left: (identifier) @name) @definition.field))

; type aliases (3.12): type Point = tuple[float, float]
(module (type_alias_statement left: (type (identifier) @name)) @definition.type)
