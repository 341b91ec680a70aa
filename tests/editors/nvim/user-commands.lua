-- :RagexStats prints the index size and the last indexing run's metrics; :RagexReindex starts over.
local function ragex_command(command, on_result)
  local responses = vim.lsp.buf_request_sync(0, 'workspace/executeCommand', { command = command }, 10000)
  for _, response in pairs(responses or {}) do
    if response.result ~= nil then
      on_result(response.result)
    end
  end
end
vim.api.nvim_create_user_command('RagexStats', function()
  ragex_command('ragex.stats', function(stats)
    print(vim.inspect(stats))
  end)
end, {})
vim.api.nvim_create_user_command('RagexReindex', function()
  ragex_command('ragex.reindex', print)
end, {})
