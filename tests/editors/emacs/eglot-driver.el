;;; eglot-driver.el --- test driver (not a config) -*- lexical-binding: t -*-
;; Loaded after ragex-eglot.el by `emacs --batch': opens a file of the fixture
;; workspace, lets `eglot-ensure' connect to ragex-lsp, waits for indexing, asks
;; for workspace symbols (xref apropos) and the file's symbols (imenu), edits and
;; saves, and writes what it saw as JSON to $RAGEX_TEST_OUT.  Every wait has a
;; timeout and Emacs exits whatever happens.
(require 'json)
(require 'xref)
(require 'imenu)

(defvar ragex-test-out (getenv "RAGEX_TEST_OUT"))
(defvar ragex-test-file (getenv "RAGEX_TEST_FILE"))
(defvar ragex-test-timeout (string-to-number (or (getenv "RAGEX_TEST_TIMEOUT") "20")))
(defvar ragex-test-start (float-time))
(defvar ragex-test-result nil)
(defvar ragex-test-times nil)

(defun ragex-test-put (key value)
  (push (cons key value) ragex-test-result))

(defun ragex-test-wait (what pred)
  "Poll PRED (handling process output between tries) until non-nil; its value."
  (let ((deadline (+ (float-time) ragex-test-timeout))
        value)
    (while (not (setq value (funcall pred)))
      (when (> (float-time) deadline)
        (error "Timed out after %s s waiting for %s" ragex-test-timeout what))
      (accept-process-output nil 0.05))
    (push (cons what (- (float-time) ragex-test-start)) ragex-test-times)
    value))

(defun ragex-test-apropos (pattern)
  "Workspace symbols for PATTERN through xref's backend (eglot: workspace/symbol)."
  (vconcat
   (mapcar (lambda (item)
             (let ((location (xref-item-location item)))
               `((file . ,(xref-location-group location))
                 (line . ,(xref-location-line location))
                 (summary . ,(substring-no-properties (xref-item-summary item))))))
           (xref-backend-apropos (xref-find-backend) pattern))))

(defun ragex-test-imenu ()
  "The buffer's imenu index (eglot-imenu: documentSymbol) as \"Group/Container/name\" paths."
  (setq imenu--index-alist nil)
  (let (paths)
    (cl-labels ((walk (prefix entries)
                  (dolist (entry entries)
                    (cond ((equal entry imenu--rescan-item))
                          ((imenu--subalist-p entry) (walk (concat prefix (car entry) "/") (cdr entry)))
                          (t (push (concat prefix (car entry)) paths))))))
      (walk "" (imenu--make-index-alist t)))
    (vconcat (nreverse paths))))

(defun ragex-test-main ()
  (find-file ragex-test-file)
  (ragex-test-put 'mode (symbol-name major-mode))
  ;; `eglot-ensure' (from the mode hook) connects on the next command: run that hook
  (run-hooks 'post-command-hook)
  (let ((server (ragex-test-wait "connected"
                                 (lambda () (and (bound-and-true-p eglot--managed-mode) (eglot-current-server))))))
    (ragex-test-put 'project (expand-file-name (project-root (eglot--project server))))
    (ragex-test-put 'stats
                    (ragex-test-wait "indexed"
                                     (lambda ()
                                       (let ((stats (jsonrpc-request server :workspace/executeCommand
                                                                     '(:command "ragex.stats")
                                                                     :timeout 5)))
                                         ;; a job cancelled by a newer one leaves cancelled metrics
                                         (and (eq (plist-get stats :indexing) :json-false)
                                              (plist-get stats :metrics)
                                              (eq (plist-get (plist-get stats :metrics) :cancelled) :json-false)
                                              (list (cons 'files (plist-get stats :files))
                                                    (cons 'roots (plist-get stats :roots))))))))
    (ragex-test-put 'apropos (ragex-test-apropos "Shape"))
    (ragex-test-put 'apropos_ts (ragex-test-apropos "WidgetRegistry"))
    (ragex-test-put 'imenu (ragex-test-imenu))
    ;; edit and save: eglot sends didChange and didSave
    (goto-char (point-max))
    (insert "\n\ndef freshly_saved_function() -> int:\n    return 42\n")
    (save-buffer)
    (ragex-test-put 'after_save
                    (ragex-test-wait "saved symbol"
                                     (lambda ()
                                       (let ((found (ragex-test-apropos "freshly_saved_function")))
                                         (and (> (length found) 0) found)))))
    (ragex-test-put 'imenu_after_save (ragex-test-imenu))
    (ignore-errors (eglot-shutdown server nil 5))))

(let ((code 0))
  (condition-case err
      (progn (ragex-test-main) (ragex-test-put 'ok t))
    (error (setq code 1)
           (ragex-test-put 'ok :json-false)
           (ragex-test-put 'error (error-message-string err))
           (ragex-test-put 'messages (with-current-buffer (messages-buffer) (buffer-string)))))
  (ragex-test-put 'times ragex-test-times)
  (ragex-test-put 'emacs emacs-version)
  (with-temp-file ragex-test-out
    (insert (json-encode ragex-test-result)))
  (kill-emacs code))
