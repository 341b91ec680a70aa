;;; lsp-mode-driver.el --- test driver (not a config) -*- lexical-binding: t -*-
;; Loaded after ragex-lsp-mode.el by `emacs --batch': opens a file of the fixture
;; workspace (the mode hook runs `lsp-deferred', which starts on an idle timer:
;; the driver runs the idle timers), waits for indexing, asks for workspace symbols
;; (xref apropos) and the file's symbols (imenu), edits and saves, and writes what
;; it saw as JSON to $RAGEX_TEST_OUT.  Every wait has a timeout; lsp-mode shuts
;; the server down from `kill-emacs-hook'.
(require 'json)
(require 'xref)
(require 'imenu)
(require 'lsp-mode)

(defvar ragex-test-out (getenv "RAGEX_TEST_OUT"))
(defvar ragex-test-file (getenv "RAGEX_TEST_FILE"))
(defvar ragex-test-root (getenv "RAGEX_TEST_ROOT"))
(defvar ragex-test-timeout (string-to-number (or (getenv "RAGEX_TEST_TIMEOUT") "20")))
(defvar ragex-test-start (float-time))
(defvar ragex-test-result nil)
(defvar ragex-test-times nil)

;; no other clients (their servers are not installed here), and the project root
;; known as if the user had answered lsp-mode's "import project root" question
(setq lsp-client-packages nil
      lsp-session-file (expand-file-name "lsp-session" (getenv "HOME"))
      lsp-restart 'ignore)
(lsp-workspace-folders-add ragex-test-root)

(defun ragex-test-put (key value)
  (push (cons key value) ragex-test-result))

(defun ragex-test-wait (what pred)
  "Poll PRED (handling process output and timers between tries) until non-nil; its value."
  (let ((deadline (+ (float-time) ragex-test-timeout))
        value)
    (while (not (setq value (funcall pred)))
      (when (> (float-time) deadline)
        (error "Timed out after %s s waiting for %s" ragex-test-timeout what))
      (accept-process-output nil 0.05))
    (push (cons what (- (float-time) ragex-test-start)) ragex-test-times)
    value))

(defun ragex-test-apropos (pattern)
  "Workspace symbols for PATTERN through xref's backend (lsp-mode: workspace/symbol)."
  (vconcat
   (mapcar (lambda (item)
             (let ((location (xref-item-location item)))
               `((file . ,(xref-location-group location))
                 (summary . ,(substring-no-properties (xref-item-summary item))))))
           (xref-backend-apropos (xref-find-backend) pattern))))

(defun ragex-test-imenu ()
  "The buffer's imenu index (lsp-mode: documentSymbol) as \"Group/name\" paths."
  (setq imenu--index-alist nil)
  (let (paths)
    (cl-labels ((walk (prefix entries)
                  (dolist (entry entries)
                    (cond ((equal entry imenu--rescan-item))
                          ((imenu--subalist-p entry) (walk (concat prefix (car entry) "/") (cdr entry)))
                          (t (push (concat prefix (car entry)) paths))))))
      (walk "" (imenu--make-index-alist t)))
    (vconcat (nreverse paths))))

(defun ragex-test-ragex-workspace ()
  (seq-find (lambda (ws) (eq (lsp--client-server-id (lsp--workspace-client ws)) 'ragex))
            (lsp-workspaces)))

(defun ragex-test-main ()
  (find-file ragex-test-file)
  (ragex-test-put 'mode (symbol-name major-mode))
  ;; `lsp-deferred' (from the mode hook) starts on an idle timer: be idle once
  (mapc #'timer-event-handler (copy-sequence timer-idle-list))
  (let ((workspace (ragex-test-wait "connected"
                                    (lambda ()
                                      (let ((ws (ragex-test-ragex-workspace)))
                                        (and ws (eq (lsp--workspace-status ws) 'initialized) ws))))))
    (ragex-test-put 'folders (vconcat (lsp-session-folders (lsp-session))))
    (ragex-test-put 'stats
                    (ragex-test-wait "indexed"
                                     (lambda ()
                                       (let ((stats (with-lsp-workspace workspace
                                                      (lsp-request "workspace/executeCommand"
                                                                   '(:command "ragex.stats")))))
                                         ;; false parses as nil; a job cancelled by a newer one
                                         ;; leaves cancelled metrics
                                         (and (not (gethash "indexing" stats))
                                              (gethash "metrics" stats)
                                              (not (gethash "cancelled" (gethash "metrics" stats)))
                                              (list (cons 'files (gethash "files" stats))
                                                    (cons 'roots (gethash "roots" stats))))))))
    (ragex-test-put 'apropos (ragex-test-apropos "Shape"))
    (ragex-test-put 'apropos_go (ragex-test-apropos "RequestRouter"))
    (ragex-test-put 'imenu (ragex-test-imenu))
    (goto-char (point-max))
    (insert "\n\ndef freshly_saved_function() -> int:\n    return 42\n")
    (save-buffer)
    (ragex-test-put 'after_save
                    (ragex-test-wait "saved symbol"
                                     (lambda ()
                                       (let ((found (ragex-test-apropos "freshly_saved_function")))
                                         (and (> (length found) 0) found)))))
    (ragex-test-put 'imenu_after_save (ragex-test-imenu))))

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
