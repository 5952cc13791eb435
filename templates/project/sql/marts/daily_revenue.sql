-- Paid orders and revenue per day, from the CSV source raw.orders (assets/orders.ts).
select
  cast(ordered_at as date) as day,
  count(*) as orders,
  sum(amount) as revenue
from {{ source('raw', 'orders') }}
where status = 'paid'
group by 1
