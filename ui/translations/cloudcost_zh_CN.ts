<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>cloudcost::ui::CatalogView</name>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>all (e.g. aws, azure)</source>
        <translation>全部（例如 aws, azure）</translation>
    </message>
    <message>
        <source>all (e.g. us-east-1, eastus)</source>
        <translation>全部（例如 us-east-1, eastus）</translation>
    </message>
    <message>
        <source>regular expression, e.g. ^m5\.</source>
        <translation>正则表达式，例如 ^m5\.</translation>
    </message>
    <message>
        <source>all (e.g. linux, windows)</source>
        <translation>全部（例如 linux, windows）</translation>
    </message>
    <message>
        <source>x86_64</source>
        <translation>x86_64</translation>
    </message>
    <message>
        <source>arm64</source>
        <translation>arm64</translation>
    </message>
    <message>
        <source>shared</source>
        <translation>共享</translation>
    </message>
    <message>
        <source>dedicated</source>
        <translation>专用实例</translation>
    </message>
    <message>
        <source>host</source>
        <translation>专用主机</translation>
    </message>
    <message>
        <source>on demand</source>
        <translation>按需</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>预留实例</translation>
    </message>
    <message>
        <source>savings plan</source>
        <translation>节省计划</translation>
    </message>
    <message>
        <source>committed use</source>
        <translation>承诺使用</translation>
    </message>
    <message>
        <source>spot</source>
        <translation>竞价（Spot）</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 年</translation>
    </message>
    <message>
        <source>3 years</source>
        <translation>3 年</translation>
    </message>
    <message>
        <source>no upfront</source>
        <translation>无预付</translation>
    </message>
    <message>
        <source>partial upfront</source>
        <translation>部分预付</translation>
    </message>
    <message>
        <source>all upfront</source>
        <translation>全部预付</translation>
    </message>
    <message>
        <source>included</source>
        <translation>已包含</translation>
    </message>
    <message>
        <source>bring your own</source>
        <translation>自带许可（BYOL）</translation>
    </message>
    <message>
        <source> vCPU</source>
        <translation> vCPU</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source> GPU</source>
        <translation> GPU</translation>
    </message>
    <message>
        <source>any (e.g. A100)</source>
        <translation>不限（例如 A100）</translation>
    </message>
    <message>
        <source> per hour</source>
        <translation> 每小时</translation>
    </message>
    <message>
        <source>Include Azure DevTest and low-priority prices</source>
        <translation>包含 Azure 开发测试价和低优先级价格</translation>
    </message>
    <message>
        <source>These are not general prices, so they are left out by default.</source>
        <translation>这些不是通用价格，因此默认不显示。</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>&amp;Providers</source>
        <translation>服务商(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Regions</source>
        <translation>区域(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Instance type</source>
        <translation>实例类型(&amp;I)</translation>
    </message>
    <message>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>GPUs at least</source>
        <translation>GPU 至少</translation>
    </message>
    <message>
        <source>GPU model</source>
        <translation>GPU 型号</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>&amp;OS</source>
        <translation>操作系统(&amp;O)</translation>
    </message>
    <message>
        <source>Tenancy</source>
        <translation>租用方式</translation>
    </message>
    <message>
        <source>Purchase option</source>
        <translation>购买方式</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>付款方式</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可</translation>
    </message>
    <message>
        <source>Effective hourly at most</source>
        <translation>有效小时价至多</translation>
    </message>
    <message>
        <source>Columns…</source>
        <translation>列…</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Select an offer to see its details and provenance.</source>
        <translation>选择一个报价以查看其详情和来源。</translation>
    </message>
    <message>
        <source> (the first %1 in the current order; narrow the filters to see others)</source>
        <translation>（按当前排序的前 %1 个；缩小筛选范围以查看其他报价）</translation>
    </message>
    <message>
        <source> · query %1 ms</source>
        <translation> · 查询 %1 毫秒</translation>
    </message>
    <message>
        <source> · 1 %1 = %2 %3 (%4)</source>
        <translation> · 1 %1 = %2 %3（%4）</translation>
    </message>
    <message>
        <source>The filters could not be applied: %1</source>
        <translation>无法应用筛选条件：%1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Instance type</source>
        <translation>实例类型</translation>
    </message>
    <message>
        <source>Provider / service</source>
        <translation>服务商 / 服务</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>vCPU / memory</source>
        <translation>vCPU / 内存</translation>
    </message>
    <message>
        <source>%1 vCPU, %2 GiB</source>
        <translation>%1 vCPU，%2 GiB</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>%1 × %2 (%3 GiB)</source>
        <translation>%1 × %2（%3 GiB）</translation>
    </message>
    <message>
        <source>OS / licence</source>
        <translation>操作系统 / 许可</translation>
    </message>
    <message>
        <source>Price as published</source>
        <translation>公布价格</translation>
    </message>
    <message>
        <source>%1 %2 per hour + %3 %2 upfront</source>
        <translation>每小时 %1 %2 + 预付 %3 %2</translation>
    </message>
    <message>
        <source>Effective hourly</source>
        <translation>有效小时价</translation>
    </message>
    <message>
        <source>%1 %2 (hourly + upfront spread over the term, 8760 h a year)</source>
        <translation>%1 %2（小时价 + 预付款按期限分摊，每年 8760 小时）</translation>
    </message>
    <message>
        <source>Effective date</source>
        <translation>生效日期</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Source sheet</source>
        <translation>来源价格表</translation>
    </message>
    <message>
        <source> (built-in catalog)</source>
        <translation>（内置目录）</translation>
    </message>
    <message>
        <source>Sheet published</source>
        <translation>价格表发布日期</translation>
    </message>
    <message numerus="yes">
        <source>%Ln offer(s) shown</source>
        <translation><numerusform>显示 %Ln 个报价</numerusform></translation>
    </message>
</context>
<context>
    <name>cloudcost::ui::CompareCharts</name>
    <message>
        <source>Price per vCPU-hour against price per GiB-hour</source>
        <translation>每 vCPU 小时价格与每 GiB 小时价格</translation>
    </message>
    <message>
        <source>per vCPU-hour</source>
        <translation>每 vCPU 小时</translation>
    </message>
    <message>
        <source>per GiB-hour</source>
        <translation>每 GiB 小时</translation>
    </message>
    <message>
        <source>Effective price per hour of the cheapest matches (cheapest at the bottom)</source>
        <translation>最便宜匹配项的每小时有效价格（最便宜的在底部）</translation>
    </message>
</context>
<context>
    <name>cloudcost::ui::CompareView</name>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source> vCPU</source>
        <translation> vCPU</translation>
    </message>
    <message>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <source> GPU</source>
        <translation> GPU</translation>
    </message>
    <message>
        <source>x86_64</source>
        <translation>x86_64</translation>
    </message>
    <message>
        <source>arm64</source>
        <translation>arm64</translation>
    </message>
    <message>
        <source>any (e.g. linux, windows)</source>
        <translation>不限（例如 linux, windows）</translation>
    </message>
    <message>
        <source>on demand</source>
        <translation>按需</translation>
    </message>
    <message>
        <source>reserved</source>
        <translation>预留实例</translation>
    </message>
    <message>
        <source>savings plan</source>
        <translation>节省计划</translation>
    </message>
    <message>
        <source>committed use</source>
        <translation>承诺使用</translation>
    </message>
    <message>
        <source>spot</source>
        <translation>竞价（Spot）</translation>
    </message>
    <message>
        <source>all (e.g. aws, azure, gcp)</source>
        <translation>全部（例如 aws, azure, gcp）</translation>
    </message>
    <message>
        <source>all (e.g. us-east-1, eastus)</source>
        <translation>全部（例如 us-east-1, eastus）</translation>
    </message>
    <message>
        <source>vCPU at least</source>
        <translation>vCPU 至少</translation>
    </message>
    <message>
        <source>Memory at least</source>
        <translation>内存至少</translation>
    </message>
    <message>
        <source>GPUs at least</source>
        <translation>GPU 至少</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Purchase option</source>
        <translation>购买方式</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Regions</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Shows the cheapest matching offer of each provider and region, by effective price per hour (upfront payments spread over the term).</source>
        <translation>按每小时有效价格（预付款按期限分摊）显示每个服务商和区域中最便宜的匹配报价。</translation>
    </message>
    <message numerus="yes">
        <source>%n provider/region(s) with a matching offer · query %1 ms</source>
        <translation><numerusform>%n 个服务商/区域有匹配的报价 · 查询 %1 毫秒</numerusform></translation>
    </message>
    <message>
        <source>The requirement could not be applied: %1</source>
        <translation>无法应用需求条件：%1</translation>
    </message>
</context>
<context>
    <name>cloudcost::ui::FxDialog</name>
    <message>
        <source>Exchange rates</source>
        <translation>汇率</translation>
    </message>
    <message>
        <source>1 unit of</source>
        <translation>1 单位</translation>
    </message>
    <message>
        <source>as of</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>e.g. CNY</source>
        <translation>例如 CNY</translation>
    </message>
    <message>
        <source>e.g. USD</source>
        <translation>例如 USD</translation>
    </message>
    <message>
        <source>where the rate comes from, e.g. ECB reference rate</source>
        <translation>汇率的来源，例如欧洲央行参考汇率</translation>
    </message>
    <message>
        <source>&amp;Set rate</source>
        <translation>设置汇率(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>导入 CSV(&amp;I)…</translation>
    </message>
    <message>
        <source>A CSV with the header date,base,quote,rate[,source]; all rows or none</source>
        <translation>表头为 date,base,quote,rate[,source] 的 CSV；要么全部导入，要么都不导入</translation>
    </message>
    <message>
        <source>equals</source>
        <translation>等于</translation>
    </message>
    <message>
        <source>of currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>Import exchange rates</source>
        <translation>导入汇率</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV 文件 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not read the exchange rates: %1</source>
        <translation>无法读取汇率：%1</translation>
    </message>
    <message>
        <source>No exchange rates yet: prices stay in their own currency until a rate is set or imported.</source>
        <translation>尚无汇率：在设置或导入汇率之前，价格保持其原始货币。</translation>
    </message>
    <message>
        <source>Say where the rate comes from (source): every conversion is shown with its rate, date and source.</source>
        <translation>请注明汇率的来源：每次换算都会显示其汇率、日期和来源。</translation>
    </message>
    <message>
        <source>The rate was not set: %1</source>
        <translation>未设置汇率：%1</translation>
    </message>
    <message>
        <source>Set 1 %1 = %2 %3 as of %4.</source>
        <translation>已设置 1 %1 = %2 %3（日期 %4）。</translation>
    </message>
    <message>
        <source>Nothing was imported: %1</source>
        <translation>未导入任何内容：%1</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n rate(s).</source>
        <translation><numerusform>已导入 %n 个汇率。</numerusform></translation>
    </message>
    <message>
        <source>base</source>
        <translation>基准货币</translation>
    </message>
    <message>
        <source>quote</source>
        <translation>报价货币</translation>
    </message>
    <message>
        <source>quote per 1 base</source>
        <translation>每 1 单位基准货币的报价货币数</translation>
    </message>
</context>
<context>
    <name>cloudcost::ui::MainWindow</name>
    <message>
        <source>&amp;Catalog</source>
        <translation>目录(&amp;C)</translation>
    </message>
    <message>
        <source>Co&amp;mpare</source>
        <translation>比较(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>数据源(&amp;S)</translation>
    </message>
    <message>
        <source>Cancel import</source>
        <translation>取消导入</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Report currency</source>
        <translation>报告货币</translation>
    </message>
    <message>
        <source>Report currency: </source>
        <translation>报告货币：</translation>
    </message>
    <message>
        <source>Prices are converted with the latest exchange rate of the workspace; the rate used is shown under the table.</source>
        <translation>价格按工作区中最新的汇率换算；所用汇率显示在表格下方。</translation>
    </message>
    <message>
        <source>Import price sheets</source>
        <translation>导入价格表</translation>
    </message>
    <message>
        <source>The catalog filters could not be applied.</source>
        <translation>无法应用目录筛选条件。</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New workspace…</source>
        <translation>新建工作区(&amp;N)…</translation>
    </message>
    <message>
        <source>New workspace</source>
        <translation>新建工作区</translation>
    </message>
    <message>
        <source>cloudcost workspaces (*.db)</source>
        <translation>cloudcost 工作区 (*.db)</translation>
    </message>
    <message>
        <source>Could not create the workspace.</source>
        <translation>无法创建工作区。</translation>
    </message>
    <message>
        <source>&amp;Open workspace…</source>
        <translation>打开工作区(&amp;O)…</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>Could not open the workspace.</source>
        <translation>无法打开工作区。</translation>
    </message>
    <message>
        <source>Save workspace &amp;as…</source>
        <translation>工作区另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save workspace as</source>
        <translation>工作区另存为</translation>
    </message>
    <message>
        <source>Could not save the workspace.</source>
        <translation>无法保存工作区。</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Import price sheet…</source>
        <translation>导入价格表(&amp;I)…</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>&amp;Export table…</source>
        <translation>导出表格(&amp;E)…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Export the table as shown</source>
        <translation>按显示内容导出表格</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Could not export the table.</source>
        <translation>无法导出表格。</translation>
    </message>
    <message>
        <source>Exported the table to %1.</source>
        <translation>已将表格导出到 %1。</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Exchange rates…</source>
        <translation>汇率(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>The language changes when cloudcost is started again.</source>
        <translation>重新启动 cloudcost 后语言才会更改。</translation>
    </message>
    <message>
        <source>Could not read the sources of the workspace.</source>
        <translation>无法读取工作区的数据源。</translation>
    </message>
    <message>
        <source>%1 – cloudcost</source>
        <translation>%1 – cloudcost</translation>
    </message>
    <message>
        <source>as published</source>
        <translation>按公布货币</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <source>The import of %1 was cancelled; the workspace is unchanged.</source>
        <translation>已取消导入 %1；工作区未改变。</translation>
    </message>
    <message>
        <source>Could not import %1; the workspace is unchanged.</source>
        <translation>无法导入 %1；工作区未改变。</translation>
    </message>
    <message>
        <source>; it replaces the earlier import of the same sheet</source>
        <translation>；它替换了之前导入的同一价格表</translation>
    </message>
    <message>
        <source>Skipped %1 row(s): %2 (first at %3)</source>
        <translation>跳过 %1 行：%2（首次出现于 %3）</translation>
    </message>
    <message>
        <source>Could not remove the source.</source>
        <translation>无法删除数据源。</translation>
    </message>
    <message>
        <source>Removed the source and everything imported from it.</source>
        <translation>已删除该数据源及从中导入的全部内容。</translation>
    </message>
    <message>
        <source>source %1</source>
        <translation>来源 %1</translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation>删除来源</translation>
    </message>
    <message>
        <source>Report &amp;currency</source>
        <translation>报告货币(&amp;C)</translation>
    </message>
    <message>
        <source>building the offer indexes</source>
        <translation>正在建立报价索引</translation>
    </message>
    <message>
        <source>writing to disk</source>
        <translation>正在写入磁盘</translation>
    </message>
    <message>
        <source>Importing %1: %2…</source>
        <translation>正在导入 %1：%2…</translation>
    </message>
    <message numerus="yes">
        <source>Imported %1 (%2): %Ln offer(s)</source>
        <translation><numerusform>已导入 %1（%2）：%Ln 个报价</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Remove %1 and the %Ln offer(s) imported from it? This cannot be undone; import the sheet again to get them back.</source>
        <translation><numerusform>删除 %1 及从中导入的 %Ln 个报价？此操作无法撤销；重新导入该价格表即可恢复。</numerusform></translation>
    </message>
</context>
<context>
    <name>cloudcost::ui::MessageBar</name>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>cloudcost::ui::OffersModel</name>
    <message>
        <source>Hourly price plus the upfront payment spread over the term (8760 hours a year)</source>
        <translation>小时价加上按期限分摊的预付款（每年 8760 小时）</translation>
    </message>
    <message numerus="yes">
        <source>%n month(s)</source>
        <translation><numerusform>%n 个月</numerusform></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Instance type</source>
        <translation>实例类型</translation>
    </message>
    <message>
        <source>vCPU</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory (GiB)</source>
        <translation>内存 (GiB)</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>OS</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>Purchase option</source>
        <translation>购买方式</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Hourly</source>
        <translation>小时价</translation>
    </message>
    <message>
        <source>Upfront</source>
        <translation>预付</translation>
    </message>
    <message>
        <source>Effective hourly</source>
        <translation>有效小时价</translation>
    </message>
    <message>
        <source>Per vCPU-hour</source>
        <translation>每 vCPU 小时</translation>
    </message>
    <message>
        <source>Per GiB-hour</source>
        <translation>每 GiB 小时</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>货币</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
</context>
<context>
    <name>cloudcost::ui::SourcesModel</name>
    <message>
        <source>Built-in catalog</source>
        <translation>内置目录</translation>
    </message>
    <message>
        <source>SHA-256: %1</source>
        <translation>SHA-256：%1</translation>
    </message>
    <message>
        <source>Skipped %1 × %2 (first at %3)</source>
        <translation>跳过 %1 × %2（首次出现于 %3）</translation>
    </message>
    <message>
        <source>%1 (built-in)</source>
        <translation>%1（内置）</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>价格表</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Published</source>
        <translation>发布日期</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>报价</translation>
    </message>
    <message>
        <source>Other rows</source>
        <translation>其他行</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Imported (UTC)</source>
        <translation>导入时间 (UTC)</translation>
    </message>
</context>
<context>
    <name>cloudcost::ui::SourcesView</name>
    <message>
        <source>&amp;Import price sheet…</source>
        <translation>导入价格表(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Remove source</source>
        <translation>删除数据源(&amp;R)</translation>
    </message>
    <message>
        <source>Drop price sheets on the window to import them. Hover a row for its file, SHA-256 and skipped rows.</source>
        <translation>将价格表拖放到窗口即可导入。将鼠标悬停在某行上可查看其文件、SHA-256 和跳过的行。</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workspace file.</source>
        <translation>工作区文件。</translation>
    </message>
    <message>
        <source>Save a PNG of each view into dir, then quit.</source>
        <translation>将每个视图保存为 PNG 到目录中，然后退出。</translation>
    </message>
</context>
</TS>