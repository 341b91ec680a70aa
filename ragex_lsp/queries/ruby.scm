; Ruby: modules, classes (`class Foo::Bar` is `Bar` in `Foo`), methods
; (`def` at top level is a function; `initialize` is the constructor),
; singleton methods (`def self.x` is a method of the enclosing class;
; `def Foo.x` takes `Foo` as container), methods in `class << self` blocks
; (the block is transparent: they sit under the class), constants
; (`FOO = 1`, `Foo::BAR = 1`, `A, B = 1, 2`; also inside blocks such as
; `Struct.new do`), `X = Struct.new(...)` / `Data.define(...)` (struct),
; `X = Class.new(...)` (class), `X = Module.new` (module),
; `attr_accessor`/`attr_reader`/`attr_writer` names (properties; a symbol
; argument keeps its colon, `:total`, since the name is the symbol's text),
; class variables (`@@count = 0`, fields) and top-level variables (`x = 1`,
; `$debug = true`).  Comments between a signature and its body are left out
; of the detail.
; Left out: instance variables (assigned in methods: locals of the method to
; an outline), `alias`/`alias_method`, `define_method`, DSL calls such as
; RSpec `describe`/`it` and Rake `task` (calls, not definitions).
; Later patterns win over earlier ones for the same name.

(module name: (constant) @name) @definition.module
(module name: (scope_resolution scope: (_) @container name: (constant) @name)) @definition.module
(module name: (constant) @name [";" (comment)] @body) @definition.module
(module name: (scope_resolution scope: (_) @container name: (constant) @name) [";" (comment)] @body) @definition.module

(class name: (constant) @name) @definition.class
(class name: (scope_resolution scope: (_) @container name: (constant) @name)) @definition.class
(class name: (constant) @name [";" (comment)] @body) @definition.class
(class name: (scope_resolution scope: (_) @container name: (constant) @name) [";" (comment)] @body) @definition.class

; def name: a function at top level, a method in a class/module;
; def initialize: the constructor
(method name: (_) @name) @definition.function
(method name: (_) @name [";" (comment)] @body) @definition.function
(method name: (identifier) @name (#eq? @name "initialize")) @definition.constructor
(method
  name: (identifier) @name
  [";" (comment)] @body
  (#eq? @name "initialize")) @definition.constructor

; def self.name, def obj.name / def Foo.name (container Foo)
(singleton_method name: (_) @name) @definition.method
(singleton_method name: (_) @name [";" (comment)] @body) @definition.method
(singleton_method object: (constant) @container name: (_) @name) @definition.method
(singleton_method object: (constant) @container name: (_) @name [";" (comment)] @body) @definition.method

; constants
(assignment left: (constant) @name) @definition.constant
(assignment left: (scope_resolution scope: (_) @container name: (constant) @name)) @definition.constant
(assignment left: (left_assignment_list (constant) @name @definition.constant))
(operator_assignment left: (constant) @name) @definition.constant

; Point = Struct.new(:x, :y) do ... end, Error = Class.new(StandardError)
(assignment
  left: (constant) @name
  right: (call
    receiver: (constant) @_receiver
    method: (identifier) @_method)
  (#any-of? @_receiver "Struct" "Data")
  (#any-of? @_method "new" "define")) @definition.struct
(assignment
  left: (constant) @name
  right: (call
    receiver: (constant) @_receiver
    method: (identifier) @_method)
  (#eq? @_receiver "Class")
  (#eq? @_method "new")) @definition.class
(assignment
  left: (constant) @name
  right: (call
    receiver: (constant) @_receiver
    method: (identifier) @_method)
  (#eq? @_receiver "Module")
  (#eq? @_method "new")) @definition.module

; attr_accessor :a, :b (one property per name; the range is the name's symbol)
(call
  !receiver
  method: (identifier) @_attr
  arguments: (argument_list
    [(simple_symbol) @name @definition.property
     (delimited_symbol (string_content) @name) @definition.property
     (string (string_content) @name) @definition.property])
  (#any-of? @_attr "attr_accessor" "attr_reader" "attr_writer" "attr"))

; class variables
(assignment left: (class_variable) @name) @definition.field

; top-level variables
(program (assignment left: [(identifier) (global_variable)] @name) @definition.variable)
(program (operator_assignment left: [(identifier) (global_variable)] @name) @definition.variable)
