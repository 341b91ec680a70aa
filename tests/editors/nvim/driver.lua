-- Test driver (not a config): runs after the ragex config in `nvim --headless`, drives
-- Neovim's own LSP client against ragex-lsp and writes what it saw as JSON to
-- $RAGEX_TEST_OUT. Every wait has a timeout; the editor quits whatever happens.
local out_path = assert(os.getenv('RAGEX_TEST_OUT'), 'RAGEX_TEST_OUT is not set')
local file = assert(os.getenv('RAGEX_TEST_FILE'), 'RAGEX_TEST_FILE is not set')
local timeout_ms = tonumber(os.getenv('RAGEX_TEST_TIMEOUT_MS') or '20000')
local uv = vim.uv or vim.loop
local started = uv.hrtime()
local result = { nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor), times = {} }

local function now_ms()
  return (uv.hrtime() - started) / 1e6
end

-- Poll `cond` (which may itself talk to the server) until true; error on timeout.
local function wait_for(what, cond)
  local deadline = now_ms() + timeout_ms
  while true do
    local value = cond()
    if value then
      result.times[what] = now_ms()
      return value
    end
    if now_ms() > deadline then
      error('timed out after ' .. timeout_ms .. ' ms waiting for ' .. what)
    end
    vim.wait(50)
  end
end

-- initialized ragex clients (of a buffer, or all); with `starting`, on 0.11 those still
-- starting too
local function ragex_clients(bufnr, starting)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr, name = 'ragex', _uninitialized = starting })
  end
  local found = {}
  local clients = bufnr and vim.lsp.buf_get_clients(bufnr) or vim.lsp.get_active_clients()
  for _, client in pairs(clients) do
    if client.name == 'ragex' then
      table.insert(found, client)
    end
  end
  return found
end

-- One request through Neovim's client (vim.lsp.buf_request_sync); the result.
local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, 5000)
  if not responses then
    error(method .. ' failed: ' .. tostring(err))
  end
  for _, response in pairs(responses) do
    if response.err then
      error(method .. ' failed: ' .. vim.inspect(response.err))
    end
    return response.result
  end
  error(method .. ': no client answered')
end

local function uri_path(uri)
  return vim.uri_to_fname(uri)
end

local function workspace_symbols(bufnr, query)
  local found = {}
  for _, s in ipairs(request(bufnr, 'workspace/symbol', { query = query }) or {}) do
    table.insert(found, {
      name = s.name,
      kind = s.kind,
      container = s.containerName,
      path = uri_path(s.location.uri),
      line = s.location.range.start.line,
    })
  end
  return found
end

local function outline(symbols)
  local tree = {}
  for _, s in ipairs(symbols or {}) do
    table.insert(tree, {
      name = s.name,
      kind = s.kind,
      line = (s.selectionRange or s.location.range).start.line,
      children = outline(s.children),
    })
  end
  return tree
end

local function document_symbols(bufnr)
  local params = { textDocument = vim.lsp.util.make_text_document_params(bufnr) }
  return outline(request(bufnr, 'textDocument/documentSymbol', params))
end

local function progress_end_messages()
  local found = {}
  for line in vim.gsplit(vim.fn.execute('messages'), '\n') do
    if line:match('^ragex: ') and line:match('symbols in %d+ files') then
      table.insert(found, line)
    end
  end
  return found
end

local function main()
  -- first a file outside any project (no root marker above it): the configs start no
  -- server for it (checked at the end, when a client started now would long be running)
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('RAGEX_TEST_LOOSE_FILE')))
  local loose = vim.api.nvim_get_current_buf()
  result.loose_filetype = vim.bo[loose].filetype

  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype

  local client = wait_for('client attached', function()
    return ragex_clients(bufnr)[1]
  end)
  wait_for('initialized', function()
    return client.initialized ~= false and client.server_capabilities ~= nil
  end)
  result.root_dir = client.config.root_dir
  result.workspace_folders = client.workspace_folders or client.config.workspace_folders

  -- the end of indexing: ragex.stats says so, and the config's progress display echoed the end
  result.stats = wait_for('indexing finished', function()
    local stats = request(bufnr, 'workspace/executeCommand', { command = 'ragex.stats' })
    -- (a job cancelled by a newer one leaves cancelled metrics behind until the newer one runs)
    local done = type(stats) == 'table' and stats.indexing == false and type(stats.metrics) == 'table'
    return done and stats.metrics.cancelled == false and stats
  end)
  result.progress = wait_for('progress end message', function()
    local found = progress_end_messages()
    return #found > 0 and found
  end)

  result.workspace_symbols = workspace_symbols(bufnr, 'Shape')
  result.document_symbols = document_symbols(bufnr)

  -- the user-facing command: vim.lsp.buf.workspace_symbol() fills the quickfix list
  vim.fn.setqflist({}, 'r')
  vim.lsp.buf.workspace_symbol('RequestRouter')
  result.quickfix = wait_for('quickfix list', function()
    local items = vim.fn.getqflist()
    if #items == 0 then
      return false
    end
    local rows = {}
    for _, item in ipairs(items) do
      table.insert(rows, { path = vim.api.nvim_buf_get_name(item.bufnr), lnum = item.lnum, text = item.text })
    end
    return rows
  end)
  vim.cmd('cclose')

  -- edit and :write (Neovim sends didChange and didSave); the new function becomes searchable
  vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { '', '', 'def freshly_saved_function() -> int:', '    return 42' })
  vim.api.nvim_buf_call(bufnr, function()
    vim.cmd('write')
  end)
  result.after_save = wait_for('saved symbol', function()
    local found = workspace_symbols(bufnr, 'freshly_saved_function')
    return #found > 0 and found
  end)
  result.document_symbols_after_save = document_symbols(bufnr)

  -- the :RagexStats and :RagexReindex commands from the docs
  result.stats_command = vim.fn.execute('RagexStats')
  result.reindex_command = vim.fn.execute('RagexReindex')

  result.loose_clients = #ragex_clients(loose, true)
  result.all_clients = #ragex_clients(nil, true)
end

local ok, err = xpcall(main, debug.traceback)
result.ok = ok
if not ok then
  result.error = tostring(err)
  result.messages = vim.fn.execute('messages')
end
local handle = assert(io.open(out_path, 'w'))
handle:write(vim.fn.json_encode(result))
handle:close()
vim.cmd('qa!')
