; Swift: classes and actors (class), structs, enums and their cases,
; protocols (interface), extensions (like a Rust impl: the symbol is named by
; its header, `extension Invoice: CustomStringConvertible`, and its members
; take the extended type, `Invoice`, as container), functions (methods in a
; type or extension), operator functions (`static func ==`), initializers
; (`init`, constructor), `deinit` and `subscript` (methods), properties
; (`var`/`let` in a type or a protocol), top-level `let` (constant) and `var`
; (variable), type aliases and associated types (type).
; A declaration binding one name (`private var count: Int = 0`) spans the
; whole declaration; with several (`let a = 1, b = 2`) each name spans its
; own pattern so that none nests under another.
; Left out: variables inside functions, closures, computed-property getters
; and top-level statements (`if`, `do`): locals, not part of an outline; tuple
; destructuring (`let (a, b) = ...`); imports.
; Later patterns win over earlier ones for the same name.

; types
(class_declaration declaration_kind: "class" name: (type_identifier) @name) @definition.class
(class_declaration declaration_kind: "actor" name: (type_identifier) @name) @definition.class
(class_declaration declaration_kind: "struct" name: (type_identifier) @name) @definition.struct
(class_declaration declaration_kind: "enum" name: (type_identifier) @name) @definition.enum
(class_declaration declaration_kind: "extension" name: (_) @name) @definition.impl
(protocol_declaration name: (type_identifier) @name) @definition.interface
(typealias_declaration name: (type_identifier) @name) @definition.type
(associatedtype_declaration name: (type_identifier) @name) @definition.type

; enum cases: `case a(Int)` spans the case, `case a, b` each name
(enum_entry name: (simple_identifier) @name @definition.enum_member)
(enum_entry
  .
  name: (simple_identifier) @name
  .) @definition.enum_member
(enum_entry . name: (simple_identifier) @name . (enum_type_parameters) .) @definition.enum_member
(enum_entry . name: (simple_identifier) @name . raw_value: (_) .) @definition.enum_member

; functions (the name field also holds the return type: match the name's
; own node types, operators by their first character)
(function_declaration name: (simple_identifier) @name) @definition.function
(function_declaration
  name: _ @name
  (#match? @name "^[-/=+!*%<>&|^~?.]")) @definition.function
(protocol_function_declaration name: (simple_identifier) @name) @definition.method
(protocol_function_declaration
  name: _ @name
  (#match? @name "^[-/=+!*%<>&|^~?.]")) @definition.method
(init_declaration "init" @name) @definition.constructor
(deinit_declaration "deinit" @name) @definition.method
(subscript_declaration "subscript" @name) @definition.method
(subscript_declaration "subscript" @name (computed_property) @body) @definition.method

; properties of types and protocols; the general pattern gives each name its
; own span, the later ones give a declaration of a single name (the name is
; the first and only one: nothing but its type, value, getter or observers
; follows) the whole declaration.  They are spelled out: optional nodes
; before a closing `.` anchor do not match reliably.

(class_body
  (property_declaration
    name: (pattern bound_identifier: (simple_identifier) @name) @definition.property))
(class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) .) @definition.property)
(class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) .) @definition.property)
(class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . value: (_) .) @definition.property)
(class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . value: (_) .) @definition.property)
(class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . [computed_value: (_) (willset_didset_block)] @body .) @definition.property)
(class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . [computed_value: (_) (willset_didset_block)] @body .) @definition.property)
(class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . value: (_) . (willset_didset_block) @body .) @definition.property)
(class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . value: (_) . (willset_didset_block) @body .) @definition.property)

(enum_class_body
  (property_declaration
    name: (pattern bound_identifier: (simple_identifier) @name) @definition.property))
(enum_class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) .) @definition.property)
(enum_class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) .) @definition.property)
(enum_class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . value: (_) .) @definition.property)
(enum_class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . value: (_) .) @definition.property)
(enum_class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . [computed_value: (_) (willset_didset_block)] @body .) @definition.property)
(enum_class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . [computed_value: (_) (willset_didset_block)] @body .) @definition.property)
(enum_class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . value: (_) . (willset_didset_block) @body .) @definition.property)
(enum_class_body (property_declaration (value_binding_pattern) . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . value: (_) . (willset_didset_block) @body .) @definition.property)

(protocol_property_declaration
  name: (pattern bound_identifier: (simple_identifier) @name)) @definition.property
(protocol_property_declaration
  name: (pattern bound_identifier: (simple_identifier) @name)
  (protocol_property_requirements) @body) @definition.property

; top-level let (constant) and var (variable)

(source_file
  (property_declaration
    (value_binding_pattern mutability: "var")
    name: (pattern bound_identifier: (simple_identifier) @name) @definition.variable))
(source_file (property_declaration (value_binding_pattern mutability: "var") . name: (pattern bound_identifier: (simple_identifier) @name) .) @definition.variable)
(source_file (property_declaration (value_binding_pattern mutability: "var") . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) .) @definition.variable)
(source_file (property_declaration (value_binding_pattern mutability: "var") . name: (pattern bound_identifier: (simple_identifier) @name) . value: (_) .) @definition.variable)
(source_file (property_declaration (value_binding_pattern mutability: "var") . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . value: (_) .) @definition.variable)
(source_file (property_declaration (value_binding_pattern mutability: "var") . name: (pattern bound_identifier: (simple_identifier) @name) . [computed_value: (_) (willset_didset_block)] @body .) @definition.variable)
(source_file (property_declaration (value_binding_pattern mutability: "var") . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . [computed_value: (_) (willset_didset_block)] @body .) @definition.variable)
(source_file (property_declaration (value_binding_pattern mutability: "var") . name: (pattern bound_identifier: (simple_identifier) @name) . value: (_) . (willset_didset_block) @body .) @definition.variable)
(source_file (property_declaration (value_binding_pattern mutability: "var") . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . value: (_) . (willset_didset_block) @body .) @definition.variable)

(source_file
  (property_declaration
    (value_binding_pattern mutability: "let")
    name: (pattern bound_identifier: (simple_identifier) @name) @definition.constant))
(source_file (property_declaration (value_binding_pattern mutability: "let") . name: (pattern bound_identifier: (simple_identifier) @name) .) @definition.constant)
(source_file (property_declaration (value_binding_pattern mutability: "let") . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) .) @definition.constant)
(source_file (property_declaration (value_binding_pattern mutability: "let") . name: (pattern bound_identifier: (simple_identifier) @name) . value: (_) .) @definition.constant)
(source_file (property_declaration (value_binding_pattern mutability: "let") . name: (pattern bound_identifier: (simple_identifier) @name) . (type_annotation) . value: (_) .) @definition.constant)
